import type { IngestStatus } from '@tickstream/ingest';

/** The newest ingest status line (INGEST_STATUS_INTERVAL_MS) in a role's JSON log output. */
export function lastIngestStatus(output: string): IngestStatus | undefined {
  const lines = output.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (!line.includes('"status":{')) continue;
    try {
      const parsed = JSON.parse(line) as { status?: IngestStatus };
      if (parsed.status?.gaps !== undefined) return parsed.status;
    } catch {
      // A line cut short by a kill: look further back.
    }
  }
  return undefined;
}

export function formatStatus(status: IngestStatus | undefined): string {
  if (status === undefined) return 'ingest status: none logged';
  const symbols = Object.entries(status.symbols)
    .map(
      ([s, v]) =>
        `${s} produced ${v.produced} backfilled ${v.backfilled} last id ${v.lastTradeId ?? '-'}`,
    )
    .join('; ');
  return `ingest status: state ${status.state}, gaps ${JSON.stringify(status.gaps)}, reconnects ${status.reconnects}, dead letters ${status.deadLetters} ${JSON.stringify(status.deadLettersByCode)}; ${symbols}`;
}
