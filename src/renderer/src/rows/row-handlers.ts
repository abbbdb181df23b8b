import type { Entry } from '../catalog/filter';

/** A sheet a row asks the list to open over itself, and where focus goes when it closes. */
export type DialogRequest = { kind: 'console' | 'use'; role: Entry; returnFocus: HTMLElement | null };

/** What every row that stands for a role or a profile can do, from the list. */
export interface RowHandlers {
  onHighlight: (index: number) => void;
  onOpenConsole: (entry: Entry) => Promise<void>;
  onCopyEnv: (entry: Entry) => Promise<void>;
  onDialog: (dialog: DialogRequest) => void;
}
