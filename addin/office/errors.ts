// Errors the Office layer throws itself (Excel's own errors pass through unchanged, with their
// `code`). A stable `code` lets the UI say what went wrong without parsing messages.

export type OfficeLayerErrorCode =
  | 'ExcelApiNotSupported'
  | 'OfficeNotReady'
  | 'InvalidLayout'
  | 'InvalidRows'
  | 'RowTooLarge'
  | 'TableNotFound'
  | 'ColumnNotFound'
  | 'SheetNotEmpty'
  | 'RowOutOfRange'
  | 'ChartColumnsNotAdjacent';

export class OfficeLayerError extends Error {
  override readonly name = 'OfficeLayerError';

  constructor(
    readonly code: OfficeLayerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
