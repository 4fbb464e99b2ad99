-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "DeliveryKind" AS ENUM ('INVOICE', 'STATEMENT', 'DUNNING_LETTER');

-- CreateEnum
CREATE TYPE "DunningCombine" AS ENUM ('AND', 'OR');

-- AlterEnum
ALTER TYPE "ActivityKind" ADD VALUE 'DUNNING_LETTER';

-- AlterTable
ALTER TABLE "entity" ADD COLUMN     "account_number" TEXT,
ADD COLUMN     "address_lines" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "bank_name" TEXT,
ADD COLUMN     "bic" TEXT,
ADD COLUMN     "city" TEXT,
ADD COLUMN     "country_code" CHAR(2),
ADD COLUMN     "iban" TEXT,
ADD COLUMN     "legal_name" TEXT,
ADD COLUMN     "postal_code" TEXT,
ADD COLUMN     "tax_id" TEXT;

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "billing_address_lines" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "billing_city" TEXT,
ADD COLUMN     "billing_country_code" CHAR(2),
ADD COLUMN     "billing_postal_code" TEXT,
ADD COLUMN     "tax_id" TEXT;

-- AlterTable
ALTER TABLE "invoice" ADD COLUMN     "dunning_level" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "subtotal" DECIMAL(20,4),
ADD COLUMN     "tax_total" DECIMAL(20,4) NOT NULL DEFAULT 0;

-- Every invoice so far was untaxed: its subtotal is its total.
UPDATE "invoice" SET "subtotal" = "total";
ALTER TABLE "invoice" ALTER COLUMN "subtotal" SET NOT NULL;

-- AlterTable
ALTER TABLE "invoice_line" ADD COLUMN     "tax_category" TEXT NOT NULL DEFAULT 'O',
ADD COLUMN     "tax_rate" DECIMAL(7,4) NOT NULL DEFAULT 0;

-- AlterTable: the delivery rows become an outbox. Rows written so far keep what they said:
-- PENDING stays PENDING (the worker now sends it), DELIVERED and FAILED keep their detail as
-- the reference or the error.
ALTER TABLE "invoice_delivery"
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "customer_id" INTEGER,
ADD COLUMN     "dunning_letter_id" INTEGER,
ADD COLUMN     "kind" "DeliveryKind" NOT NULL DEFAULT 'INVOICE',
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "message_id" TEXT,
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "print_batch" DATE,
ADD COLUMN     "reference" TEXT,
ADD COLUMN     "sent_at" TIMESTAMPTZ(3),
ADD COLUMN     "statement_from" DATE,
ADD COLUMN     "statement_to" DATE,
ADD COLUMN     "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "invoice_id" DROP NOT NULL;

UPDATE "invoice_delivery" d SET
  "customer_id" = i."customer_id",
  "created_at" = d."at",
  "updated_at" = d."at",
  "next_attempt_at" = d."at",
  "status" = d."outcome"::text::"DeliveryStatus",
  "reference" = CASE WHEN d."outcome" = 'DELIVERED' THEN d."detail" END,
  "last_error" = CASE WHEN d."outcome" = 'FAILED' THEN d."detail" END,
  "sent_at" = CASE WHEN d."outcome" = 'DELIVERED' THEN d."at" END
FROM "invoice" i WHERE i."id" = d."invoice_id";

ALTER TABLE "invoice_delivery" ALTER COLUMN "customer_id" SET NOT NULL,
DROP COLUMN "at",
DROP COLUMN "detail",
DROP COLUMN "outcome";

CREATE TRIGGER "invoice_delivery_touch_updated_at" BEFORE UPDATE ON "invoice_delivery" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();

-- DropEnum
DROP TYPE "DeliveryOutcome";

-- CreateTable
CREATE TABLE "portal_link" (
    "id" SERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "portal_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dunning_level" (
    "id" SERIAL NOT NULL,
    "entity_id" INTEGER,
    "level" INTEGER NOT NULL,
    "min_days_overdue" INTEGER NOT NULL,
    "min_invoice_amount" DECIMAL(20,4),
    "min_overdue_balance" DECIMAL(20,4),
    "combine" "DunningCombine" NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "dunning_level_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dunning_letter" (
    "id" SERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "as_of" DATE NOT NULL,
    "overdue_balance" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "invoice_numbers" TEXT[] NOT NULL,
    "activity_id" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dunning_letter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "portal_link_token_hash_key" ON "portal_link"("token_hash");

-- CreateIndex
CREATE INDEX "portal_link_customer_id_idx" ON "portal_link"("customer_id");

-- CreateIndex
CREATE INDEX "dunning_level_entity_id_level_idx" ON "dunning_level"("entity_id", "level");

-- CreateIndex
CREATE INDEX "dunning_letter_customer_id_idx" ON "dunning_letter"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_delivery_message_id_key" ON "invoice_delivery"("message_id");

-- CreateIndex
CREATE INDEX "invoice_delivery_status_next_attempt_at_idx" ON "invoice_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "invoice_delivery_print_batch_idx" ON "invoice_delivery"("print_batch");

-- AddForeignKey
ALTER TABLE "invoice_delivery" ADD CONSTRAINT "invoice_delivery_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_delivery" ADD CONSTRAINT "invoice_delivery_dunning_letter_id_fkey" FOREIGN KEY ("dunning_letter_id") REFERENCES "dunning_letter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portal_link" ADD CONSTRAINT "portal_link_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dunning_level" ADD CONSTRAINT "dunning_level_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dunning_letter" ADD CONSTRAINT "dunning_letter_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

