// The live dashboard: listens to the scan's events and rebuilds the tables from each one, putting every
// string in with textContent, so a file name is never read as HTML.
const $ = id => document.getElementById(id);
function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; }
function render(r, done) {
  $('status').textContent = (done ? 'Scan ' + r.outcome.toLowerCase() : 'Scanning') + ' · ' + r.accepted + ' files found · '
    + r.failed + ' failed · ' + r.elapsedSeconds.toFixed(1) + ' s';
  const stages = $('stages').tBodies[0]; stages.replaceChildren();
  const workers = $('workers'); workers.replaceChildren();
  for (const s of r.stages) {
    const row = stages.insertRow(); row.dataset.stage = s.name;
    cell(row, s.name);
    const bar = document.createElement('div'); bar.className = 'bar-meter'; const fill = document.createElement('div');
    fill.style.width = (s.queueHighWaterMark ? 100 * s.queueDepth / s.queueHighWaterMark : 0) + '%'; bar.append(fill);
    cell(row, '').append(bar); cell(row, s.queueDepth, 'num queue');
    cell(row, s.succeeded, 'num done'); cell(row, s.deadLettered, 'num'); cell(row, s.inFlight, 'num'); cell(row, s.throughput.toFixed(1), 'num');
    for (const w of s.workers) {
      const li = document.createElement('li');
      li.textContent = s.name + ' worker ' + w.worker + ': ' + (done ? 'finished' : (w.current ?? 'waiting')) + ' (' + w.processed + ' done)';
      workers.append(li);
    }
  }
  const failures = $('failures').tBodies[0]; failures.replaceChildren();
  for (const f of r.failures) { const row = failures.insertRow(); cell(row, f.path ?? ''); cell(row, f.stage); cell(row, f.reason); cell(row, f.attempts, 'num'); }
  document.body.dataset.state = done ? 'done' : 'running';
}
const events = new EventSource('/live/events');
events.addEventListener('snapshot', e => render(JSON.parse(e.data), false));
events.addEventListener('done', e => { render(JSON.parse(e.data), true); events.close(); });
