-- CreateEnum
CREATE TYPE "BankStatementFormat" AS ENUM ('CAMT053', 'BAI2', 'CSV');

-- CreateEnum
CREATE TYPE "BankTransactionStatus" AS ENUM ('EXACT', 'PROPOSED', 'UNMATCHED', 'CONFIRMED');

-- AlterEnum
ALTER TYPE "ApplicationKind" ADD VALUE 'OPENING';

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "bank_accounts" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "invoice" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "imported" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "bank_transaction_id" INTEGER,
ADD COLUMN     "external_id" TEXT;

-- CreateTable
CREATE TABLE "bank_statement" (
    "id" SERIAL NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "format" "BankStatementFormat" NOT NULL,
    "account" TEXT NOT NULL,
    "statement_ref" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "currency" CHAR(3),
    "from_date" DATE,
    "to_date" DATE,
    "debit_entries" INTEGER NOT NULL DEFAULT 0,
    "imported_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bank_statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bank_transaction" (
    "id" SERIAL NOT NULL,
    "statement_id" INTEGER NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "line_number" INTEGER NOT NULL,
    "entry_ref" TEXT,
    "booking_date" DATE NOT NULL,
    "value_date" DATE,
    "amount" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "counterparty" TEXT,
    "counterparty_account" TEXT,
    "remittance" TEXT,
    "references" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "status" "BankTransactionStatus" NOT NULL,
    "customer_id" INTEGER,
    "match_rule" INTEGER,
    "confidence" DECIMAL(3,2),
    "proposed_applications" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bank_transaction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bank_statement_entity_id_account_statement_ref_key" ON "bank_statement"("entity_id", "account", "statement_ref");

-- CreateIndex
CREATE UNIQUE INDEX "bank_statement_entity_id_digest_key" ON "bank_statement"("entity_id", "digest");

-- CreateIndex
CREATE INDEX "bank_transaction_entity_id_status_id_idx" ON "bank_transaction"("entity_id", "status", "id");

-- CreateIndex
CREATE INDEX "bank_transaction_statement_id_idx" ON "bank_transaction"("statement_id");

-- CreateIndex
CREATE INDEX "bank_transaction_updated_at_id_idx" ON "bank_transaction"("updated_at", "id");

-- CreateIndex
CREATE INDEX "customer_bank_accounts_idx" ON "customer" USING GIN ("bank_accounts");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_external_id_key" ON "invoice"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_external_id_key" ON "payment"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_bank_transaction_id_key" ON "payment"("bank_transaction_id");

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_bank_transaction_id_fkey" FOREIGN KEY ("bank_transaction_id") REFERENCES "bank_transaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_statement" ADD CONSTRAINT "bank_statement_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_transaction" ADD CONSTRAINT "bank_transaction_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "bank_statement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_transaction" ADD CONSTRAINT "bank_transaction_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;


ALTER TABLE "bank_transaction" ADD CONSTRAINT "bank_transaction_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every application names exactly one source document, except an imported invoice's OPENING
-- (what it had been paid before the import), which has none. (Compared as text: a value added
-- to an enum cannot be used in the transaction that adds it.)
ALTER TABLE "payment_application" DROP CONSTRAINT "payment_application_one_source";
ALTER TABLE "payment_application" ADD CONSTRAINT "payment_application_one_source"
  CHECK (CASE WHEN "kind"::text = 'OPENING'
              THEN num_nonnulls("payment_id", "credit_memo_id", "write_off_id") = 0
              ELSE num_nonnulls("payment_id", "credit_memo_id", "write_off_id") = 1 END);

-- A statement line is matched with at most one customer; a confirmed or exact line has its payment.
ALTER TABLE "bank_transaction" ADD CONSTRAINT "bank_transaction_amount_positive" CHECK ("amount" > 0);
