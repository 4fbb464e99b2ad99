-- CreateIndex
CREATE INDEX "payment_unapplied_amount_idx" ON "payment"("unapplied_amount");

