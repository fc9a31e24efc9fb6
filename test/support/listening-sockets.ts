import { readdir, readFile, readlink } from 'node:fs/promises';

export interface ListeningSocket {
  address: string;
  port: number;
}

/**
 * The TCP sockets process `pid` listens on, from Linux's /proc: what another machine could
 * connect to, seen from outside the process (whatever the process itself reports).
 */
export async function listeningSockets(pid: number): Promise<ListeningSocket[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const found: ListeningSocket[] = [];
  for (const [file, decode] of [['/proc/net/tcp', ipv4], ['/proc/net/tcp6', ipv6]] as const) {
    const rows = (await readFile(file, 'utf8')).trim().split('\n').slice(1);
    for (const row of rows) {
      const [, local, , state, , , , , , inode] = row.trim().split(/\s+/);
      if (state !== '0A' || !local || !inode || !inodes.has(inode)) continue; // 0A: LISTEN
      const [hexAddress, hexPort] = local.split(':') as [string, string];
      found.push({ address: decode(hexAddress), port: parseInt(hexPort, 16) });
    }
  }
  return found;
}

// /proc/net/tcp prints an IPv4 address as one little-endian 32-bit word.
function ipv4(hex: string): string {
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
}

// ...and an IPv6 address as four such words; shown here as eight groups.
function ipv6(hex: string): string {
  const bytes: string[] = [];
  for (let word = 0; word < 4; word++) for (const i of [6, 4, 2, 0]) bytes.push(hex.slice(word * 8 + i, word * 8 + i + 2));
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(`${bytes[i]}${bytes[i + 1]}`.replace(/^0+(?=.)/, ''));
  return groups.join(':').toLowerCase();
}
