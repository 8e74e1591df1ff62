import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, type ActivatedRouteSnapshot, type RouterStateSnapshot } from '@angular/router';
import type { FeatureRouteData } from './feature-routes';

export const APP_NAME = 'Attachment Console';

/** Tab titles: "<page> · Attachment Console", the page being the route's title or its nav label. */
@Injectable({ providedIn: 'root' })
export class AppTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot) ?? deepestNavLabel(snapshot.root);
    this.title.setTitle(page ? `${page} · ${APP_NAME}` : APP_NAME);
  }
}

function deepestNavLabel(route: ActivatedRouteSnapshot): string | undefined {
  let label: string | undefined;
  for (let r: ActivatedRouteSnapshot | null = route; r; r = r.firstChild) {
    label = (r.data as FeatureRouteData).nav?.label ?? label;
  }
  return label;
}
