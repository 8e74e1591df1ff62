import { Injector, type Provider, inject } from '@angular/core';
import { WORKFLOW_EVENTS, type WorkflowEvents } from '../attachments/workflow-events';

/**
 * Sends the workflows' changes to the audit trail. The trail's code (and the snackbar it may use)
 * is loaded with the first change, so it stays out of the initial bundle.
 */
export function provideAuditTrail(): Provider {
  return {
    provide: WORKFLOW_EVENTS,
    useFactory: (): WorkflowEvents => {
      const injector = inject(Injector);
      const trail = import('./audit-workflow-events').then((m) => injector.get(m.AuditWorkflowEvents));
      return { happened: (event) => void trail.then((t) => t.happened(event)) };
    },
  };
}
