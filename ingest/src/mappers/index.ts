import type { MapResult, RawMessage } from '../types';
import { mapBinanceMessage } from './binance';
import { mapBinanceCsvRow } from './binance-csv';

/** The mapper registry: one pure function per message format. */
export function mapMessage(message: RawMessage): MapResult {
  switch (message.format) {
    case 'binance-ws':
      return mapBinanceMessage(message.data, message.receivedAt, message.origin);
    case 'binance-csv-trades':
    case 'binance-csv-aggtrades':
      return mapBinanceCsvRow(
        message.format,
        message.data,
        message.symbol,
        message.receivedAt,
        message.origin,
      );
  }
}
