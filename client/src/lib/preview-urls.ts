import { useEffect, useState } from 'react';

/**
 * The object URLs of picked files' previews: add each one made; they live until the page closes (a result or a
 * submitted row may still show an older one), then all are revoked.
 */
export function usePreviewUrls(): Set<string> {
  const [urls] = useState(() => new Set<string>());
  useEffect(() => () => urls.forEach((url) => URL.revokeObjectURL(url)), [urls]);
  return urls;
}
