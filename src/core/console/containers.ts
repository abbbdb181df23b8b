import { createHash } from 'node:crypto';

// Firefox containers through the add-ons people already use: Granted's
// `ext+granted-containers:` and open-url-in-container's `ext+container:`. Both take the
// container's name, colour and icon (creating it when missing) and the URL to open there.

export type ContainerAddon = 'granted' | 'open-url-in-container';

/** The colours and icons Firefox containers accept. */
export const CONTAINER_COLORS = ['blue', 'turquoise', 'green', 'yellow', 'orange', 'red', 'pink', 'purple'] as const;
export const CONTAINER_ICONS = ['fingerprint', 'briefcase', 'dollar', 'cart', 'circle', 'gift', 'vacation', 'food', 'fruit', 'pet', 'tree', 'chill'] as const;

export interface Container {
  name: string;
  color: (typeof CONTAINER_COLORS)[number];
  icon: (typeof CONTAINER_ICONS)[number];
}

/** The same account always gets the same container, colour and icon. */
export function containerForAccount(accountId: string, accountName?: string): Container {
  const digest = createHash('sha256').update(accountId).digest();
  const label = accountName?.trim() ? `${accountName.trim()} (${accountId})` : accountId;
  return { name: `AWS ${label}`, color: CONTAINER_COLORS[digest[0]! % CONTAINER_COLORS.length]!, icon: CONTAINER_ICONS[digest[1]! % CONTAINER_ICONS.length]! };
}

/** The add-on URL that opens `url` (the one-time local URL) in the account's container. */
export function containerUrl(addon: ContainerAddon, container: Container, url: string): string {
  const scheme = addon === 'granted' ? 'ext+granted-containers' : 'ext+container';
  const q = (v: string) => encodeURIComponent(v);
  return `${scheme}:name=${q(container.name)}&url=${q(url)}&color=${container.color}&icon=${container.icon}`;
}
