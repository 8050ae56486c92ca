import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The table card of the admin pages (Team, Webhooks): a heading with the page's toolbar controls,
 * then a table whose last column holds the row actions. The page keeps its rows, in its own
 * markup and styles:
 *
 *   <section ttAdminTable class="card accounts" heading="Accounts" headingId="accounts-title"
 *            [columns]="['Person', 'Role']">
 *     <label ttToolbar class="filter">…</label>
 *     @if (notice()) { <p ttNotice role="status">…</p> }
 *     @for (user of users(); track user.id) { <tr>…</tr> }
 *     @if (more()) { <div class="more">…</div> }
 *   </section>
 *
 * The host is the page's own `<section>`, named by the heading for assistive technology.
 */
@Component({
  // eslint-disable-next-line @angular-eslint/component-selector -- an attribute on the native <section>, named like a directive
  selector: 'section[ttAdminTable]',
  host: { '[attr.aria-labelledby]': 'headingId()' },
  template: `
    <div class="toolbar">
      <h2 [id]="headingId()">{{ heading() }}</h2>
      <ng-content select="[ttToolbar]" />
    </div>
    <ng-content select="[ttNotice]" />
    <table>
      <thead>
        <tr>
          @for (column of columns(); track $index) {
            <th scope="col">{{ column }}</th>
          }
          <th scope="col"><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        <ng-content />
      </tbody>
    </table>
    <ng-content select=".more" />
  `,
  styleUrl: './_admin-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminTable {
  readonly heading = input.required<string>();
  readonly headingId = input.required<string>();
  /** Column headings, left to right, before the actions column. */
  readonly columns = input.required<readonly string[]>();
}
