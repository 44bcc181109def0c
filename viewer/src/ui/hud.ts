/**
 * Shows named values (the frame's HUD plus the viewer's own: frame, step, return) as a small
 * table, reusing its rows so that updating it every frame costs little.
 */
export class Hud {
  private readonly rows = new Map<string, HTMLElement>();

  constructor(private readonly element: HTMLElement) {}

  show(values: Record<string, number | string>): void {
    this.element.querySelector('.hud-note')?.remove();
    for (const [name, value] of Object.entries(values)) {
      let cell = this.rows.get(name);
      if (!cell) {
        const row = document.createElement('div');
        row.className = 'hud-row';
        const label = document.createElement('span');
        label.className = 'hud-name';
        label.textContent = name;
        cell = document.createElement('span');
        cell.className = 'hud-value';
        row.append(label, cell);
        this.element.appendChild(row);
        this.rows.set(name, cell);
      }
      const text = formatValue(value);
      if (cell.textContent !== text) cell.textContent = text;
    }
    for (const [name, cell] of this.rows) {
      if (!(name in values)) {
        cell.parentElement!.remove();
        this.rows.delete(name);
      }
    }
  }

  /** Shows a sentence instead of values (why there is nothing to show); the box is never left empty. */
  note(text: string): void {
    this.show({});
    const note = document.createElement('div');
    note.className = 'hud-note';
    note.textContent = text;
    this.element.appendChild(note);
  }
}

/** Numbers with up to 4 significant decimals; integers as they are. */
export function formatValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(1) : Number(value.toPrecision(4)).toString();
}
