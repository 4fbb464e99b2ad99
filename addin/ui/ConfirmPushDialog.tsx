// Asked before a push that cannot be taken back (it sends mail, posts documents): "Send 3 dunning letters?".
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';

export function ConfirmPushDialog({ question, confirmLabel, onConfirm, onCancel }: {
  /** What to ask, or null: no dialog. */
  question: { title: string; text: string } | null;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <Dialog open={question !== null} modalType="alert" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-label={question?.title ?? 'Confirm'}>
        <DialogBody>
          <DialogTitle>{question?.title}</DialogTitle>
          <DialogContent>{question?.text}</DialogContent>
          <DialogActions fluid>
            <Button appearance="primary" onClick={onConfirm}>
              {confirmLabel}
            </Button>
            <Button appearance="subtle" onClick={onCancel}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
