'use strict';

/** The image's decoded RGB pixels (what every local engine reads), checked against its size. */
function rgbPixels(image) {
  const pixels = new Uint8Array(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength);
  if (pixels.length !== image.width * image.height * 3) throw new Error('rgb does not match width × height × 3');
  return pixels;
}

module.exports = { rgbPixels };
