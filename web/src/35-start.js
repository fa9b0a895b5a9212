// ── A first minute that explains itself: "New model" asks init's questions; an example says it is one ──

/// A workspace name from an organization's name: "Acme Ltd." → "acme-ltd".
function slugOf(name) {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return /^[a-z0-9]/.test(slug) ? slug : 'new-model';
}

function openNewModel() {
  if (isDirty() && !window.confirm(`${modelName()} has unsaved changes. Start a new model anyway? (Your edits stay as a draft in this browser.)`)) return;
  $('new-error').textContent = '';
  $('new-dialog').showModal();
  $('new-name').focus();
}

/// The starter model the server writes from the answers (the same as `attestplan init`), put in the
/// editor as a new, unsaved model: the user saves it under a name with Save as.
async function createNewModel(e) {
  e.preventDefault();
  const answers = { name: $('new-name').value.trim(), report: $('new-report').value, employees: $('new-employees').value.trim(),
    engineers: $('new-engineers').value.trim(), cloud: $('new-cloud').value, currency: $('new-currency').value.trim().toUpperCase() };
  const query = new URLSearchParams(Object.entries(answers).filter(([, v]) => v !== ''));
  let res;
  try { res = await fetch(`/api/starter?${query}`, { method: 'POST' }); } catch (err) { $('new-error').textContent = userMessage(err, 'new model'); return; }
  if (!res.ok) {
    let message = `The server could not write the model (error ${res.status}).`;
    try { message = (await res.json()).error || message; } catch { /* not JSON */ }
    // "employees: '0' is outside 1..1000000": the answer it names gets the focus.
    const field = message.split(':')[0];
    $('new-error').textContent = message;
    if ($(`new-${field}`)) $(`new-${field}`).focus();
    return;
  }
  const text = await res.text();
  $('new-dialog').close();
  const name = slugOf(answers.name || 'new-model');
  state.source = { kind: 'new', name };
  state.etag = null;
  state.saved = '';
  const picker = $('model-picker');
  picker.querySelector('option[value^="new:"]')?.remove();
  picker.prepend(el('option', { value: `new:${name}` }, `${name} (new, not saved)`));
  picker.value = `new:${name}`;
  $('save').disabled = true;
  $('save').title = 'A new model: give it a name and use Save as';
  $('save-as-name').value = name;
  const url = new URL(location.href);
  url.searchParams.delete('model');
  history.replaceState(null, '', url);
  setText(text);
  banner(`A new model for ${answers.name || 'your organization'}: describe your system in the forms or the TOML, then Save as "${name}" (or another name).`, 'info');
}

/// Opened with no model named: a start page over the example it shows, with New model, the
/// workspace's models and the examples (each labelled as one, with what it is).
async function startPage(lists) {
  let examples = [], saved = [];
  try { [examples, saved] = await lists; } catch { /* the lists say nothing: New model still works */ }
  const open = (value) => async () => { $('start-dialog').close(); await loadModel(value); };
  const models = saved.filter((f) => f.kind === 'model');
  $('start-workspace').replaceChildren(...(models.length
    ? models.map((m) => { const b = el('button', { type: 'button', 'data-open': `saved:${m.name}` }, m.name); b.addEventListener('click', open(`saved:${m.name}`)); return el('li', {}, b); })
    : [el('li', { class: 'muted' }, 'Nothing saved yet: what you save (Save as) is listed here.')]));
  $('start-examples').replaceChildren(...examples.map((x) => {
    const b = el('button', { type: 'button', 'data-open': `example:${x.name}` }, `${x.name} (example)`);
    b.addEventListener('click', open(`example:${x.name}`));
    return el('li', {}, b, x.description ? el('span', { class: 'muted' }, x.description) : '');
  }));
  $('start-dialog').showModal();
  $('start-new').focus();
}

/// Opened with no model named, the page shows an example: it says so, and how to start one's own.
function welcome() {
  banner(`This is an example (${state.source ? state.source.name : 'hr-saas'}, read-only): a Copenhagen HR SaaS planning its first SOC 2 Type 2. ` +
    'Start your own with New model, or open a model from your workspace in the Model list.', 'info', [
    el('button', { type: 'button', id: 'welcome-new' }, 'New model')]);
  $('welcome-new').addEventListener('click', openNewModel);
}

function setupStart() {
  $('start-new').addEventListener('click', () => { $('start-dialog').close(); openNewModel(); });
  $('start-close').addEventListener('click', () => $('start-dialog').close());
  $('new-model').addEventListener('click', openNewModel);
  $('new-form').addEventListener('submit', createNewModel);
  $('new-cancel').addEventListener('click', () => $('new-dialog').close());
}
