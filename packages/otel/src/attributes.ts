/** The attribute names this package puts on spans and metric points. */
export const ATTR = {
  operation: 'tokenstore.operation',
  store: 'tokenstore.store',
  keyKind: 'tokenstore.key_kind',
  outcome: 'tokenstore.outcome',
  retries: 'tokenstore.retries',
  count: 'tokenstore.count',
  errorType: 'error.type',
  tokenId: 'tokenstore.token_id',
  holderId: 'tokenstore.holder_id',
  permanent: 'tokenstore.permanent',
  reason: 'tokenstore.reason',
  leaseEvent: 'tokenstore.lease.event',
} as const;
