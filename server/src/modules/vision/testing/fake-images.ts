import sharp from 'sharp';

/**
 * What the fake providers draw: a cut-out whose alpha is an ellipse inside the image, so the
 * corners are transparent and the centre opaque — like a real foreground cut-out.
 */
export async function ellipseCutOut(image: Buffer): Promise<{ png: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const ellipse = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#000"/>` +
      `<ellipse cx="${width / 2}" cy="${height / 2}" rx="${width * 0.35}" ry="${height * 0.4}" fill="#fff"/></svg>`,
  );
  const alpha = await sharp(ellipse).greyscale().toColourspace('b-w').raw().toBuffer();
  const png = await sharp(data, { raw: { width, height, channels: 3 } })
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
  return { png, width, height };
}

/** A generated picture: a gradient whose colour depends on the seed. */
export function generatedPicture(width: number, height: number, seed: number): Promise<Buffer> {
  const hue = seed % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g">` +
    `<stop offset="0" stop-color="hsl(${hue},80%,50%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},80%,50%)"/>` +
    `</linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
