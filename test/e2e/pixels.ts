/**
 * What a screenshot shows, measured in the browser (which decodes PNG; no image library here):
 * the shares of light and dark pixels by relative luminance (WCAG), and the image's size.
 */
import type { Browser } from 'playwright-core';

export interface PixelShares {
  width: number;
  height: number;
  /** Share of pixels with relative luminance > 0.8 (the light page's background and cards). */
  light: number;
  /** Share with luminance < 0.1 (the light page's text, the dark page's background). */
  dark: number;
}

export async function pixelShares(browser: Browser, png: Buffer): Promise<PixelShares> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<img id="shot" src="data:image/png;base64,${png.toString('base64')}">`);
    await page.waitForFunction('document.getElementById("shot").complete');
    return await page.evaluate<PixelShares>(`(() => {
      const img = document.getElementById('shot');
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      let light = 0, dark = 0;
      for (let i = 0; i < d.length; i += 4) {
        const l = 0.2126 * lin(d[i]) + 0.7152 * lin(d[i + 1]) + 0.0722 * lin(d[i + 2]);
        if (l > 0.8) light++; else if (l < 0.1) dark++;
      }
      const n = d.length / 4;
      return { width: canvas.width, height: canvas.height, light: light / n, dark: dark / n };
    })()`);
  } finally {
    await page.close();
  }
}
