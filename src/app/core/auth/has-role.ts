import { Directive, TemplateRef, ViewContainerRef, effect, inject, input } from '@angular/core';
import type { Role } from './roles';
import { Session } from './session';

/**
 * Renders its template only for users in one of the given roles, and follows sign-in changes:
 * `<button *appHasRole="['ADMINS']">Delete</button>`, with an optional else template.
 */
@Directive({ selector: '[appHasRole]' })
export class HasRole {
  private readonly session = inject(Session);
  private readonly template = inject(TemplateRef<unknown>);
  private readonly container = inject(ViewContainerRef);

  readonly appHasRole = input.required<readonly Role[]>();
  readonly appHasRoleElse = input<TemplateRef<unknown> | null>(null);

  constructor() {
    effect(() => {
      const allowed = this.session.hasAnyRole(this.appHasRole());
      const otherwise = this.appHasRoleElse();
      this.container.clear();
      if (allowed) this.container.createEmbeddedView(this.template);
      else if (otherwise) this.container.createEmbeddedView(otherwise);
    });
  }
}
