// The two kinds of money posted to a session. A kind's plural names its table, its count among a
// session's facts and its command (`sessionctl payments`), so one map serves them all.

export type PostedKind = 'payment' | 'adjustment';

export const POSTED_PLURAL = { payment: 'payments', adjustment: 'adjustments' } as const satisfies Record<PostedKind, string>;
