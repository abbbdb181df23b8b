#!/usr/bin/env node
// Draws Latchkey's tray and app icons (a padlock) with nothing but Node's zlib, so the art is
// reproducible and reviewable as code: `node scripts/make-icons.mjs` rewrites assets/.
//   assets/tray/tray-<state>Template.png (+@2x)  macOS menu bar: black + alpha, tinted by macOS
//   assets/tray/tray-<state>.png (+@2x)          Linux: colour
//   assets/tray/tray-<state>.ico                 Windows: colour, PNG images 16–48 px
//   assets/icon.png (1024), assets/icon-512.png, assets/icon.ico, assets/icons/<n>x<n>.png
// States: signed-out (open shackle), active (closed), expiring (clock badge), error (! badge).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = path.join(ROOT, 'assets');

// --- shapes on a 16×16 design grid -----------------------------------------------------------
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (!rect(x0, y0, x1, y1)(x, y)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const ring = (cx, cy, r0, r1) => (x, y) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return d <= r1 * r1 && d >= r0 * r0;
};
const upperHalf = (cy, shape) => (x, y) => y <= cy && shape(x, y);

/** The shackle: an arch and two legs; lifted, with a short right leg, when open. */
function shackle(open) {
  const lift = open ? 2.2 : 0;
  const cy = 6.5 - lift;
  return union(upperHalf(cy, ring(8, cy, 2.6, 4.4)), rect(3.6, cy, 5.4, 8), rect(10.6, cy, 12.4, open ? cy + 0.8 : 8));
}
const body = roundRect(2.2, 7.4, 13.8, 15.2, 1.6);
const keyhole = union(circle(8, 10.6, 1.3), rect(7.35, 10.6, 8.65, 13.2));
const BADGE = { cx: 12.4, cy: 12.4 };
const badgeGap = circle(BADGE.cx, BADGE.cy, 4.2);
const badge = circle(BADGE.cx, BADGE.cy, 3.3);
const clockHands = union(rect(12.0, 10.2, 12.8, 12.8), rect(12.0, 12.0, 14.2, 12.8));
const exclamation = union(rect(11.95, 10.0, 12.85, 12.9), rect(11.95, 13.6, 12.85, 14.5));

/** Layers for a state: [shape, colour or null (= erase)]. */
export function trayLayers(state, colours) {
  const layers = [
    [shackle(state === 'signed-out'), colours.shackle],
    [body, colours.body],
    [keyhole, null],
  ];
  if (state === 'expiring' || state === 'error') {
    layers.push([badgeGap, null], [badge, colours.badge], [state === 'expiring' ? clockHands : exclamation, colours.glyph]);
  }
  return layers;
}

const BLACK = [0, 0, 0, 255];
export const TEMPLATE = { shackle: BLACK, body: BLACK, badge: BLACK, glyph: null };
export const COLOUR = {
  'signed-out': { shackle: [138, 143, 152, 255], body: [138, 143, 152, 255] },
  active: { shackle: [46, 158, 91, 255], body: [46, 158, 91, 255] },
  expiring: { shackle: [46, 158, 91, 255], body: [46, 158, 91, 255], badge: [232, 163, 23, 255], glyph: [255, 255, 255, 255] },
  error: { shackle: [138, 143, 152, 255], body: [138, 143, 152, 255], badge: [214, 69, 65, 255], glyph: [255, 255, 255, 255] },
};

// --- rasteriser: 4×4 supersampling, straight alpha out ---------------------------------------
export function render(size, layers, { grid = 16, offset = 0, scale = 1 } = {}) {
  const px = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let pxi = 0; pxi < size; pxi++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = ((pxi + (sx + 0.5) / S) / size) * grid;
          const y = ((py + (sy + 0.5) / S) / size) * grid;
          const gx = (x - offset) / scale;
          const gy = (y - offset) / scale;
          let c = [0, 0, 0, 0];
          for (const [shape, colour] of layers) {
            const inside = typeof shape === 'function' ? shape(gx, gy, x, y) : false;
            if (inside) c = colour ?? [0, 0, 0, 0];
          }
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          g += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * size + pxi) * 4;
      const n = S * S;
      px[i + 3] = Math.round((a / n) * 255);
      if (a > 0) {
        px[i] = Math.round(r / a);
        px[i + 1] = Math.round(g / a);
        px[i + 2] = Math.round(b / a);
      }
    }
  }
  return px;
}

// --- PNG and ICO encoding ------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
/** An ICO whose images are PNGs (supported since Windows Vista). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

// --- the files -----------------------------------------------------------------------------
function write(rel, data) {
  const file = path.join(ASSETS, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return rel;
}

function appIconLayers() {
  // A padlock centred on a rounded square, 16-unit grid with the lock scaled to 70 %.
  const bg = roundRect(0.6, 0.6, 15.4, 15.4, 3.4);
  const scale = 0.66;
  const offset = 8 - 8 * scale;
  const inLock = (shape) => (_gx, _gy, x, y) => shape((x - offset) / scale, (y - offset) / scale);
  return [
    [(_gx, _gy, x, y) => bg(x, y), [35, 47, 62, 255]],
    [inLock(shackle(false)), [255, 255, 255, 255]],
    [inLock(body), [255, 153, 0, 255]],
    [inLock(keyhole), [35, 47, 62, 255]],
  ];
}

export function makeIcons() {
  const written = [];
  for (const state of ['signed-out', 'active', 'expiring', 'error']) {
    const template = trayLayers(state, TEMPLATE);
    written.push(write(`tray/tray-${state}Template.png`, encodePng(16, render(16, template))));
    written.push(write(`tray/tray-${state}Template@2x.png`, encodePng(32, render(32, template))));
    const colour = trayLayers(state, COLOUR[state]);
    written.push(write(`tray/tray-${state}.png`, encodePng(24, render(24, colour))));
    written.push(write(`tray/tray-${state}@2x.png`, encodePng(48, render(48, colour))));
    written.push(write(`tray/tray-${state}.ico`, encodeIco([16, 20, 24, 32, 40, 48].map((size) => ({ size, png: encodePng(size, render(size, colour)) })))));
  }
  const app = appIconLayers();
  const png = (size) => encodePng(size, render(size, app));
  written.push(write('icon.png', png(1024)));
  written.push(write('icon-512.png', png(512)));
  written.push(write('icon.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: png(size) })))));
  for (const size of [16, 32, 48, 64, 128, 256, 512]) written.push(write(`icons/${size}x${size}.png`, png(size)));
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = makeIcons();
  console.log(`wrote ${written.length} files to ${path.relative(process.cwd(), ASSETS) || '.'}/`);
}
