/** One leg's fill: the price after slippage, and the fee on its notional. */
export interface LegFill {
  /** Signed quantity traded: > 0 buys, < 0 sells. */
  readonly qty: number;
  /** The close moved against the trade by the slippage. */
  readonly price: number;
  readonly notional: number;
  readonly fee: number;
}

const BPS = 1e-4;

/** A buy pays close·(1 + s), a sell receives close·(1 − s). */
export function slippedPrice(close: number, buying: boolean, slippageBps: number): number {
  return buying ? close * (1 + slippageBps * BPS) : close * (1 - slippageBps * BPS);
}

export function legFill(qty: number, close: number, feeBps: number, slippageBps: number): LegFill {
  const price = slippedPrice(close, qty > 0, slippageBps);
  const notional = Math.abs(qty) * price;
  return { qty, price, notional, fee: notional * feeBps * BPS };
}

/**
 * The legs' signed quantities when opening: |q_y| = capital / p_y(fill) with p_y(fill) the
 * slipped y price, and q_x = −β·q_y (so |q_x| = β·|q_y|; a negative β flips the x leg's side,
 * which keeps the position a hedge of the spread y − βx). Long the spread buys y.
 */
export function openQuantities(
  side: 'long' | 'short',
  beta: number,
  closeY: number,
  capital: number,
  slippageBps: number,
): { qy: number; qx: number } {
  const buyingY = side === 'long';
  const qyAbs = capital / slippedPrice(closeY, buyingY, slippageBps);
  const qy = buyingY ? qyAbs : -qyAbs;
  return { qy, qx: -beta * qy };
}
