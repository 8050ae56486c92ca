import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AdminTable } from './admin-table';

@Component({
  imports: [AdminTable],
  template: `
    <section ttAdminTable class="card" heading="Accounts" headingId="accounts-title" [columns]="columns()">
      <label ttToolbar class="filter"
        >Show
        <select id="filter"></select
      ></label>
      @if (notice(); as message) {
        <p ttNotice role="status">{{ message }}</p>
      }
      @for (row of rows(); track row) {
        <tr>
          <td>{{ row }}</td>
          <td>on</td>
          <td>
            <button type="button">Edit {{ row }}</button>
          </td>
        </tr>
      }
      @if (more()) {
        <div class="more"><button type="button">Show more</button></div>
      }
    </section>
  `,
})
class Page {
  readonly columns = signal(['Person', 'Status']);
  readonly rows = signal(['Ada', 'Bob']);
  readonly notice = signal<string | null>(null);
  readonly more = signal(true);
}

describe('AdminTable', () => {
  function render() {
    const fixture = TestBed.createComponent(Page);
    fixture.detectChanges();
    return { fixture, section: (fixture.nativeElement as HTMLElement).querySelector('section')! };
  }

  it('names the page’s section by its heading, with the toolbar controls beside the heading', () => {
    const { section } = render();
    const heading = section.querySelector('h2')!;
    expect(heading.textContent).toBe('Accounts');
    expect(section.getAttribute('aria-labelledby')).toBe(heading.id);
    expect(heading.id).toBe('accounts-title');
    expect(section.querySelector('.toolbar')!.contains(section.querySelector('label.filter'))).toBe(true);
  });

  it('heads the columns, with a last one for the row actions that only screen readers name', () => {
    const { section } = render();
    const headers = [...section.querySelectorAll('thead th')];
    expect(headers.map((th) => th.textContent?.trim())).toEqual(['Person', 'Status', 'Actions']);
    expect(headers.every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect(headers.at(-1)!.querySelector('.sr-only')).not.toBeNull();
  });

  it('puts the page’s rows in the table body, the notice above the table and "more" below it', () => {
    const { fixture, section } = render();
    expect(
      [...section.querySelectorAll<HTMLTableRowElement>('tbody > tr')].map((tr) => tr.cells[0].textContent),
    ).toEqual(['Ada', 'Bob']);
    const more = section.querySelector('.more')!;
    expect(
      section.querySelector('table')!.compareDocumentPosition(more) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    fixture.componentInstance.notice.set('Sent again');
    fixture.componentInstance.rows.set(['Ada']);
    fixture.detectChanges();
    const notice = section.querySelector('[role="status"]')!;
    expect(notice.textContent).toBe('Sent again');
    expect(
      notice.compareDocumentPosition(section.querySelector('table')!) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(section.querySelectorAll('tbody > tr')).toHaveLength(1);
  });
});
