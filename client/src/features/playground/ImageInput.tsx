import { useEffect, useState } from 'react';
import { DropZone } from '../../design/DropZone';
import { TextField } from '../../design/Field';
import { Tabs } from '../../design/Tabs';

export type ImageSource = { kind: 'file'; file: File; previewUrl: string } | { kind: 'url'; url: string };

const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/gif,image/tiff';

function firstImage(files: FileList | null | undefined): File | null {
  return Array.from(files ?? []).find((file) => file.type.startsWith('image/') || file.type === '') ?? null;
}

/** Drag & drop, file picker, clipboard paste, or a URL the server fetches itself. */
export function ImageInput({ source, onChange }: { source: ImageSource | null; onChange: (source: ImageSource | null) => void }) {
  const [mode, setMode] = useState<'upload' | 'url'>(source?.kind === 'url' ? 'url' : 'upload');
  const [url, setUrl] = useState(source?.kind === 'url' ? source.url : '');

  const acceptFile = (file: File | null) => {
    if (!file) return;
    onChange({ kind: 'file', file, previewUrl: URL.createObjectURL(file) });
  };

  // Pasting an image (or an image URL) anywhere on the page fills the input.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      const file = firstImage(event.clipboardData?.files);
      if (file) {
        setMode('upload');
        acceptFile(file);
        return;
      }
      const text = event.clipboardData?.getData('text')?.trim();
      if (text && /^https?:\/\//i.test(text)) {
        setMode('url');
        setUrl(text);
        onChange({ kind: 'url', url: text });
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  });

  return (
    <Tabs
      label="Image source"
      tabs={[
        { id: 'upload', label: 'Upload' },
        { id: 'url', label: 'From a URL' },
      ]}
      active={mode}
      onChange={(next) => {
        setMode(next as 'upload' | 'url');
        onChange(next === 'url' ? (url ? { kind: 'url', url } : null) : null);
      }}
    >
      {mode === 'upload' ? (
        <DropZone accept={ACCEPTED_TYPES} onFiles={(files) => acceptFile(firstImage(files))} testId="dropzone" inputTestId="image-file-input">
          <strong>{source?.kind === 'file' ? source.file.name : 'Drop an image here'}</strong>
          <div className="small">{source?.kind === 'file' ? `${Math.round(source.file.size / 1024)} KB · click to choose another` : 'or click to choose a file, or paste one (JPEG, PNG, WebP, GIF, TIFF; up to 10 MB)'}</div>
        </DropZone>
      ) : (
        <TextField
          label="Image URL"
          type="url"
          placeholder="https://example.com/photo.jpg"
          value={url}
          hint="The server downloads it (public http/https addresses only). The URL is kept in your usage log."
          onChange={(event) => {
            setUrl(event.target.value);
            onChange(event.target.value.trim() ? { kind: 'url', url: event.target.value.trim() } : null);
          }}
        />
      )}
    </Tabs>
  );
}
