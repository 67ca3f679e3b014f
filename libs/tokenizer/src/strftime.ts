const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Python's datetime.strftime for the directives chat templates use (Llama 3.2's "%d %b %Y" and the like), in local
 * time as transformers' strftime_now; an unknown directive is kept as written.
 */
export function strftime(date: Date, format: string): string {
  return format.replace(/%([a-zA-Z%])/g, (directive, code: string) => {
    switch (code) {
      case 'd': return pad(date.getDate());
      case 'm': return pad(date.getMonth() + 1);
      case 'Y': return String(date.getFullYear());
      case 'y': return pad(date.getFullYear() % 100);
      case 'b': return MONTHS[date.getMonth()].slice(0, 3);
      case 'B': return MONTHS[date.getMonth()];
      case 'a': return DAYS[date.getDay()].slice(0, 3);
      case 'A': return DAYS[date.getDay()];
      case 'H': return pad(date.getHours());
      case 'M': return pad(date.getMinutes());
      case 'S': return pad(date.getSeconds());
      case 'j': return pad(Math.floor((date.getTime() - new Date(date.getFullYear(), 0, 1).getTime()) / 86_400_000) + 1, 3);
      case '%': return '%';
      default: return directive;
    }
  });
}
