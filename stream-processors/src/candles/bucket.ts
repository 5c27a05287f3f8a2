/** Start of the UTC-epoch-aligned bucket holding `time` (both epoch ms); buckets are [start, start + size). */
export function bucketStart(time: number, sizeMs: number): number {
  return Math.floor(time / sizeMs) * sizeMs;
}
