// Texts of similar length run together: a batch is padded to its longest text, so one long text
// among short ones would multiply the work. Sorted by token count, then cut wherever the next text
// is more than twice as long as the group's shortest (and never below `minFloor` tokens).

/** Indices into `lengths`, in groups of similar length; every index appears once. */
export function lengthGroups(lengths: readonly number[], minFloor = 8): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
  const groups: number[][] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    const floor = Math.max(minFloor, lengths[order[start]!]!);
    while (end < order.length && lengths[order[end]!]! <= 2 * floor) end++;
    groups.push(order.slice(start, end));
    start = end;
  }
  return groups;
}
