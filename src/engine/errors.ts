/**
 * Refusals are values: applyAction never throws for bad input, it answers with an EngineError.
 * The same namespaced code reaches the socket ack, the REST body and the test assertion.
 */
export type EngineErrorCode =
  | "action/malformed"
  | "action/unknown"
  | "decision/not_your_turn"
  | "decision/out_of_order"
  | "decision/illegal"
  | "decision/not_implemented"
  | "game/over"
  | "card/result_malformed"
  | "card/result_not_on_card"
  | "card/incomplete"
  | "lineup/invalid";

export interface EngineError {
  readonly code: EngineErrorCode;
  /** Plain English, naming what is wrong. */
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function engineError(
  code: EngineErrorCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): EngineError {
  return details === undefined ? { code, message } : { code, message, details };
}
