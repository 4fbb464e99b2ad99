// Asked before a refresh would overwrite edits not yet pushed.
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';

export function RefreshDialog({ open, count, foundInSheet = false, onKeep, onDiscard, onCancel }: {
  open: boolean;
  count: number;
  /** The changes were found in a table pulled before the pane was opened. */
  foundInSheet?: boolean;
  onKeep(): void;
  onDiscard(): void;
  onCancel(): void;
}) {
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-label="Unpushed changes">
        <DialogBody>
          <DialogTitle>{`${count.toLocaleString('en-US')} ${count === 1 ? 'change is' : 'changes are'} not pushed yet`}</DialogTitle>
          <DialogContent>
            {foundInSheet &&
              (count === 1
                ? 'It was made in the sheet before the pane was opened; Cancel leaves it pending, ready to push. '
                : 'They were made in the sheet before the pane was opened; Cancel leaves them pending, ready to push. ')}
            Refreshing brings in the server’s latest values. Keep your changes on top of them (they stay pending, based on the
            version you edited), or discard them?
          </DialogContent>
          <DialogActions fluid>
            <Button appearance="primary" onClick={onKeep}>
              Keep my changes
            </Button>
            <Button onClick={onDiscard}>Discard my changes</Button>
            <Button appearance="subtle" onClick={onCancel}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
