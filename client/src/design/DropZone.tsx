import { useRef, useState, type ReactNode } from 'react';

/**
 * A card that takes files by drag & drop, or opens the file picker on click, Enter or Space.
 * Its accessible name is its visible content (`children`); `onFiles` receives what was dropped or picked.
 */
export function DropZone({
  accept,
  multiple = false,
  onFiles,
  testId,
  inputTestId,
  children,
}: {
  accept: string;
  multiple?: boolean;
  onFiles: (files: FileList) => void;
  testId?: string;
  inputTestId?: string;
  children: ReactNode;
}) {
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const choose = () => fileInput.current?.click();

  return (
    <div
      className={dragging ? 'dropzone dropzone--active' : 'dropzone'}
      role="button"
      tabIndex={0}
      onClick={choose}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          choose();
        }
      }}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        onFiles(event.dataTransfer.files);
      }}
      data-testid={testId}
    >
      {children}
      <input
        ref={fileInput}
        type="file"
        accept={accept}
        multiple={multiple}
        hidden
        data-testid={inputTestId}
        onChange={(event) => {
          if (event.target.files) onFiles(event.target.files);
          event.target.value = '';
        }}
      />
    </div>
  );
}
