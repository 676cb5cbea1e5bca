-- GET /api/v1/transactions pages newest first by (created_at, transaction_id), like the saga list.
CREATE INDEX platform_transactions_created ON platform_transactions (created_at DESC, transaction_id DESC);
