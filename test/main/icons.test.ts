import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { trayIconFile, trayIconPath } from '../../src/main/tray-icon';
import type { TrayIconState } from '../../src/main/tray-menu';

// The art the tray and the installers load exists for every state and platform, and is what
// each platform expects: PNG images of the right sizes, ICO files made of PNG images.

const ASSETS = path.resolve(__dirname, '../../assets');
const STATES: TrayIconState[] = ['signed-out', 'active', 'expiring', 'error'];

function pngInfo(buf: Buffer): { width: number; height: number; colourType: number; pixels: Buffer } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    if (buf.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colourType: buf[25]!, pixels: zlib.inflateSync(Buffer.concat(idat)) };
}

function icoImages(buf: Buffer): { size: number; png: Buffer }[] {
  expect(buf.readUInt16LE(2)).toBe(1);
  return Array.from({ length: buf.readUInt16LE(4) }, (_, i) => {
    const e = 6 + 16 * i;
    return { size: buf[e] || 256, png: buf.subarray(buf.readUInt32LE(e + 12), buf.readUInt32LE(e + 12) + buf.readUInt32LE(e + 8)) };
  });
}

/** Share of pixels that are not fully transparent. */
function coverage(pixels: Buffer, width: number): number {
  let opaque = 0;
  let total = 0;
  const row = width * 4 + 1;
  for (let y = 0; y * row < pixels.length; y++) for (let x = 0; x < width; x++, total++) if (pixels[y * row + 1 + x * 4 + 3]! > 0) opaque++;
  return opaque / total;
}

describe('tray art', () => {
  it.each(STATES)('%s: macOS template 16 + @2x 32, Linux PNG 24 + @2x 48, Windows ICO 16–48', (state) => {
    const mac = pngInfo(fs.readFileSync(trayIconPath(ASSETS, state, 'darwin')));
    expect([mac.width, mac.height, mac.colourType]).toEqual([16, 16, 6]);
    expect(trayIconFile(state, 'darwin')).toMatch(/Template\.png$/);
    expect(pngInfo(fs.readFileSync(trayIconPath(ASSETS, state, 'darwin').replace('.png', '@2x.png'))).width).toBe(32);
    // A template image is black and alpha only: macOS tints it for light and dark menu bars.
    const rgb = new Set<number>();
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) for (let c = 0; c < 3; c++) rgb.add(mac.pixels[y * 65 + 1 + x * 4 + c]!);
    expect([...rgb]).toEqual([0]);
    expect(coverage(mac.pixels, 16)).toBeGreaterThan(0.3);
    const linux = pngInfo(fs.readFileSync(trayIconPath(ASSETS, state, 'linux')));
    expect([linux.width, linux.height]).toEqual([24, 24]);
    expect(coverage(linux.pixels, 24)).toBeGreaterThan(0.3);
    const ico = icoImages(fs.readFileSync(trayIconPath(ASSETS, state, 'win32')));
    expect(ico.map((i) => i.size)).toEqual([16, 20, 24, 32, 40, 48]);
    for (const image of ico) expect(pngInfo(image.png).width).toBe(image.size);
  });

  it('the states look different from each other', () => {
    const bytes = STATES.map((s) => fs.readFileSync(trayIconPath(ASSETS, s, 'linux')).toString('base64'));
    expect(new Set(bytes).size).toBe(STATES.length);
    const templates = STATES.map((s) => fs.readFileSync(trayIconPath(ASSETS, s, 'darwin')).toString('base64'));
    expect(new Set(templates).size).toBe(STATES.length);
  });
});

describe('app icons for electron-builder', () => {
  it('icon.png 1024, icon-512.png, icon.ico up to 256, and the Linux icons folder', () => {
    expect(pngInfo(fs.readFileSync(path.join(ASSETS, 'icon.png'))).width).toBe(1024);
    expect(pngInfo(fs.readFileSync(path.join(ASSETS, 'icon-512.png'))).width).toBe(512);
    expect(icoImages(fs.readFileSync(path.join(ASSETS, 'icon.ico'))).map((i) => i.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(pngInfo(fs.readFileSync(path.join(ASSETS, 'icons', `${size}x${size}.png`))).width).toBe(size);
  });
});
