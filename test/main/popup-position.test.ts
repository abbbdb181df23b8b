import { describe, expect, it } from 'vitest';
import { POPUP_GAP, popupPosition, taskbarEdge, type PopupPositionInput, type Rect } from '../../src/main/popup-position';

// Where the popup opens, for every taskbar edge and for trays that do not say where they are.

const size = { width: 380, height: 560 };
const display: Rect = { x: 0, y: 0, width: 1920, height: 1080 };

function place(overrides: Partial<PopupPositionInput>) {
  const input: PopupPositionInput = { windowSize: size, workArea: display, displayBounds: display, platform: 'win32', ...overrides };
  const p = popupPosition(input);
  const wa = input.workArea;
  // Whatever happens, the whole window is inside the work area.
  expect(p.x).toBeGreaterThanOrEqual(wa.x);
  expect(p.y).toBeGreaterThanOrEqual(wa.y);
  expect(p.x + size.width).toBeLessThanOrEqual(wa.x + wa.width);
  expect(p.y + size.height).toBeLessThanOrEqual(wa.y + wa.height);
  expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
  return p;
}

describe('popupPosition', () => {
  it('Windows, taskbar at the bottom: above the icon, centred on it', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1700, y: 1045, width: 24, height: 30 };
    expect(place({ trayBounds: tray, workArea })).toEqual({ x: 1712 - 190, y: 1040 - 560 - POPUP_GAP });
  });

  it('taskbar at the top: below the icon', () => {
    const workArea = { x: 0, y: 40, width: 1920, height: 1040 };
    const tray = { x: 1000, y: 5, width: 30, height: 30 };
    expect(place({ trayBounds: tray, workArea })).toEqual({ x: 1015 - 190, y: 40 + POPUP_GAP });
  });

  it('taskbar on the left: to the right of the icon, vertically centred', () => {
    const workArea = { x: 60, y: 0, width: 1860, height: 1080 };
    const tray = { x: 15, y: 400, width: 30, height: 30 };
    expect(place({ trayBounds: tray, workArea })).toEqual({ x: 60 + POPUP_GAP, y: 415 - 280 });
  });

  it('taskbar on the right: to the left of the icon, clamped at the bottom', () => {
    const workArea = { x: 0, y: 0, width: 1860, height: 1080 };
    const tray = { x: 1875, y: 1040, width: 30, height: 30 };
    expect(place({ trayBounds: tray, workArea })).toEqual({ x: 1860 - 380 - POPUP_GAP, y: 1080 - 560 });
  });

  it('macOS: below the menu bar icon, even with the dock hiding the bottom', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 800 };
    const tray = { x: 1200, y: 0, width: 22, height: 24 };
    expect(place({ trayBounds: tray, workArea, displayBounds: { x: 0, y: 0, width: 1440, height: 900 }, platform: 'darwin' })).toEqual({
      x: 1211 - 190,
      y: 25 + POPUP_GAP,
    });
  });

  it('an icon near the screen corner never pushes the window off-screen', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1900, y: 1045, width: 20, height: 30 };
    expect(place({ trayBounds: tray, workArea }).x).toBe(1920 - 380);
  });

  it('an auto-hidden taskbar (work area = display): the edge nearest the icon decides', () => {
    expect(place({ trayBounds: { x: 1800, y: 1050, width: 24, height: 30 } }).y).toBe(1050 - 560 - POPUP_GAP);
    expect(place({ trayBounds: { x: 1800, y: 0, width: 24, height: 30 } }).y).toBe(30 + POPUP_GAP);
    expect(taskbarEdge(display, display, { x: 0, y: 500, width: 30, height: 30 }, 'win32')).toBe('left');
    expect(taskbarEdge(display, display, { x: 1900, y: 500, width: 20, height: 30 }, 'linux')).toBe('right');
  });

  it('a second monitor with negative coordinates', () => {
    const d2 = { x: -1280, y: 0, width: 1280, height: 1024 };
    const wa2 = { x: -1280, y: 0, width: 1280, height: 984 };
    const p = place({ trayBounds: { x: -100, y: 990, width: 24, height: 30 }, workArea: wa2, displayBounds: d2 });
    expect(p).toEqual({ x: -1280 + 1280 - 380, y: 984 - 560 - POPUP_GAP });
  });

  it.each([
    ['missing', undefined],
    ['all zero (Linux AppIndicator, Wayland)', { x: 0, y: 0, width: 0, height: 0 }],
    ['NaN', { x: Number.NaN, y: 0, width: 10, height: 10 }],
  ])('tray bounds %s, no pointer: the top-right corner of the work area', (_what, trayBounds) => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 };
    expect(place({ trayBounds, workArea, platform: 'linux' })).toEqual({ x: 1920 - 380 - POPUP_GAP, y: 32 + POPUP_GAP });
  });

  it('tray bounds unknown: near the pointer — below it at the top of the screen, above it at the bottom', () => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 };
    expect(place({ workArea, platform: 'linux', cursor: { x: 1000, y: 10 } })).toEqual({ x: 1000 - 190, y: 32 });
    expect(place({ workArea, platform: 'linux', cursor: { x: 1000, y: 1070 } })).toEqual({ x: 810, y: 1070 - 560 - POPUP_GAP });
    // At the far right it is clamped, not cut off.
    expect(place({ workArea, platform: 'linux', cursor: { x: 1915, y: 5 } }).x).toBe(1920 - 380);
  });

  it('a pointer on another display is ignored for this display', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
    expect(place({ workArea, platform: 'linux', cursor: { x: 5000, y: 10 } })).toEqual({ x: 1920 - 380 - POPUP_GAP, y: POPUP_GAP });
  });

  it('Wayland (no tray bounds, the pointer reported at 0,0): the top-right corner, not the top-left', () => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 };
    expect(place({ workArea, platform: 'linux', trayBounds: { x: 0, y: 0, width: 0, height: 0 }, cursor: { x: 0, y: 0 } })).toEqual({
      x: 1920 - 380 - POPUP_GAP,
      y: 32 + POPUP_GAP,
    });
  });

  it('a work area smaller than the window keeps the top-left corner visible', () => {
    const tiny = { x: 0, y: 0, width: 300, height: 400 };
    expect(
      popupPosition({ windowSize: size, workArea: tiny, displayBounds: tiny, platform: 'linux', trayBounds: { x: 280, y: 380, width: 20, height: 20 } }),
    ).toEqual({ x: 0, y: 0 });
  });
});
