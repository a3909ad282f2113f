/**
 * Links block headers found in any order into trees and picks the best chain: the one whose tip
 * has the most cumulative work (Σ ⌊2^256 / (target + 1)⌋, Core's rule), ties going to the tip seen
 * first. Blocks not on it are stale. A block whose parent is absent starts a tree at height 0 when
 * its parent is the all-zero hash (genesis), at its BIP34 height when the coinbase carries one (a
 * pruned node's oldest files), and is otherwise an orphan.
 */
import { workForBits } from './difficulty.js';

export interface LinkableHeader {
  hash: string;
  prev_hash: string;
  bits: number;
  /** Height pushed by the coinbase (BIP34), or null. */
  bip34Height: number | null;
}

export interface BestChain<T> {
  /** The best chain, ascending; `chain[i].height` = first height + i. */
  chain: { item: T; height: number }[];
  /** Cumulative work of the best chain from its first block. */
  work: bigint;
  /** Linked blocks not on the best chain. */
  stale: number;
  /** Blocks that could not be placed (no known parent, no usable height, or invalid bits). */
  orphans: number;
  /** Blocks seen more than once (same hash); the first copy is kept. */
  duplicates: number;
}

const ZERO_HASH = '0'.repeat(64);

interface Node<T> {
  item: T;
  order: number;
  height: number;
  work: bigint;
  parent: Node<T> | null;
}

export function selectBestChain<T extends LinkableHeader>(items: readonly T[]): BestChain<T> {
  const byHash = new Map<string, { item: T; order: number }>();
  let duplicates = 0;
  items.forEach((item, order) => {
    if (byHash.has(item.hash)) duplicates++;
    else byHash.set(item.hash, { item, order });
  });
  const children = new Map<string, { item: T; order: number }[]>();
  const roots: Node<T>[] = [];
  let orphans = 0;
  for (const e of byHash.values()) {
    if (byHash.has(e.item.prev_hash)) {
      const list = children.get(e.item.prev_hash);
      if (list) list.push(e);
      else children.set(e.item.prev_hash, [e]);
      continue;
    }
    const height = e.item.prev_hash === ZERO_HASH ? 0 : e.item.bip34Height;
    if (height === null) {
      orphans += countTree(e.item.hash, children, byHash);
      continue;
    }
    roots.push({ item: e.item, order: e.order, height, work: 0n, parent: null });
  }
  let best: Node<T> | null = null;
  let linked = 0;
  // Iterative DFS: chains are hundreds of thousands deep, too deep for recursion.
  const stack: Node<T>[] = [];
  for (const root of roots) {
    const w = safeWork(root.item.bits);
    if (w === null) {
      orphans += countTree(root.item.hash, children, byHash);
      continue;
    }
    root.work = w;
    stack.push(root);
  }
  while (stack.length > 0) {
    const n = stack.pop() as Node<T>;
    linked++;
    if (best === null || n.work > best.work || (n.work === best.work && n.order < best.order)) best = n;
    for (const c of children.get(n.item.hash) ?? []) {
      const w = safeWork(c.item.bits);
      if (w === null) {
        orphans += countTree(c.item.hash, children, byHash);
        continue;
      }
      stack.push({ item: c.item, order: c.order, height: n.height + 1, work: n.work + w, parent: n });
    }
  }
  const chain: { item: T; height: number }[] = [];
  for (let n = best; n !== null; n = n.parent) chain.push({ item: n.item, height: n.height });
  chain.reverse();
  return { chain, work: best?.work ?? 0n, stale: linked - chain.length, orphans, duplicates };
}

function safeWork(bits: number): bigint | null {
  try {
    return workForBits(bits);
  } catch {
    return null;
  }
}

function countTree(hash: string, children: Map<string, { item: LinkableHeader }[]>, byHash: Map<string, unknown>): number {
  let count = byHash.has(hash) ? 1 : 0;
  const stack = [hash];
  while (stack.length > 0) {
    for (const c of children.get(stack.pop() as string) ?? []) {
      count++;
      stack.push(c.item.hash);
    }
  }
  return count;
}
