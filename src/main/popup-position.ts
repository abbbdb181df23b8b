// Where the popup opens: next to the tray icon, on the side away from the taskbar, and always
// wholly inside the work area. Pure, so every taskbar edge and every odd platform is tested.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export type TaskbarEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PopupPositionInput {
  /** Tray icon bounds; missing or all-zero on Linux (AppIndicator) and under Wayland. */
  trayBounds?: Rect | undefined;
  windowSize: { width: number; height: number };
  /** The display's area without taskbars, docks and menu bars. */
  workArea: Rect;
  displayBounds: Rect;
  platform: NodeJS.Platform;
  /** Where the pointer is, used when the tray bounds are unknown. */
  cursor?: Point | undefined;
}

/** Space between the icon (or taskbar) and the popup. */
export const POPUP_GAP = 6;

export function popupPosition(input: PopupPositionInput): Point {
  const { trayBounds, windowSize, workArea } = input;
  const { width, height } = windowSize;
  const tray = usableTrayBounds(trayBounds);
  let x: number;
  let y: number;
  if (!tray) {
    // Wayland does not tell where the pointer is: Electron reports (0, 0), which is no place a
    // person clicked to open a popup.
    const known = input.cursor && !(input.cursor.x === 0 && input.cursor.y === 0) ? input.cursor : undefined;
    const cursor = known && inside(known, input.displayBounds) ? known : undefined;
    if (cursor) {
      // Open below the pointer in the upper half of the screen, above it in the lower half.
      x = cursor.x - width / 2;
      y = cursor.y < workArea.y + workArea.height / 2 ? cursor.y + POPUP_GAP : cursor.y - height - POPUP_GAP;
    } else {
      // Linux panels usually sit at the top: the top-right corner is where the indicator is.
      x = workArea.x + workArea.width - width - POPUP_GAP;
      y = workArea.y + POPUP_GAP;
    }
  } else {
    const edge = taskbarEdge(input.workArea, input.displayBounds, tray, input.platform);
    const centerX = tray.x + tray.width / 2;
    const centerY = tray.y + tray.height / 2;
    switch (edge) {
      case 'top':
        x = centerX - width / 2;
        y = Math.max(tray.y + tray.height, workArea.y) + POPUP_GAP;
        break;
      case 'bottom':
        x = centerX - width / 2;
        y = Math.min(tray.y, workArea.y + workArea.height) - height - POPUP_GAP;
        break;
      case 'left':
        x = Math.max(tray.x + tray.width, workArea.x) + POPUP_GAP;
        y = centerY - height / 2;
        break;
      case 'right':
        x = Math.min(tray.x, workArea.x + workArea.width) - width - POPUP_GAP;
        y = centerY - height / 2;
        break;
    }
  }
  return clampToWorkArea({ x, y }, windowSize, workArea);
}

/**
 * Which screen edge holds the taskbar: the side where the work area is smaller than the display.
 * With an auto-hiding taskbar both are equal; then the icon's own position decides, and macOS
 * always has its menu bar at the top.
 */
export function taskbarEdge(workArea: Rect, display: Rect, tray: Rect, platform: NodeJS.Platform): TaskbarEdge {
  if (platform === 'darwin') return 'top';
  if (workArea.y > display.y) return 'top';
  if (workArea.y + workArea.height < display.y + display.height) return 'bottom';
  if (workArea.x > display.x) return 'left';
  if (workArea.x + workArea.width < display.x + display.width) return 'right';
  const cx = tray.x + tray.width / 2 - display.x;
  const cy = tray.y + tray.height / 2 - display.y;
  // The nearest display edge to the icon.
  const distances: [TaskbarEdge, number][] = [
    ['top', cy],
    ['bottom', display.height - cy],
    ['left', cx],
    ['right', display.width - cx],
  ];
  distances.sort((a, b) => a[1] - b[1]);
  return distances[0]![0];
}

function usableTrayBounds(b: Rect | undefined): Rect | undefined {
  if (!b) return undefined;
  const values = [b.x, b.y, b.width, b.height];
  if (values.some((v) => !Number.isFinite(v))) return undefined;
  if (b.width <= 0 || b.height <= 0) return undefined;
  return b;
}

function inside(p: Point, r: Rect): boolean {
  return p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;
}

function clampToWorkArea(p: Point, size: { width: number; height: number }, wa: Rect): Point {
  const maxX = wa.x + wa.width - size.width;
  const maxY = wa.y + wa.height - size.height;
  // A window larger than the work area keeps its top-left corner visible.
  const x = Math.max(wa.x, Math.min(p.x, maxX));
  const y = Math.max(wa.y, Math.min(p.y, maxY));
  return { x: Math.round(x), y: Math.round(y) };
}
