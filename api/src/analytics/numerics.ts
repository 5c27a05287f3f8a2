// stream-processors' index does not re-export its numerics module; this is the one place
// the API reaches into it, so a later re-export changes one line.
export { priceStats } from '@tickstream/stream-processors/dist/numerics';
export type { PriceStats } from '@tickstream/stream-processors/dist/numerics';
