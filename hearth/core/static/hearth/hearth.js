/*
 * Hearth's page script: an ES module loaded once, at the end of <body>, by core/base.html.
 *
 * The site runs under a strict Content-Security-Policy (script-src 'self'): there are no inline scripts or
 * event-handler attributes anywhere; everything a page needs is switched on here by data attributes.
 *
 *   <form data-warn-unsaved>    Ask before leaving the page when the form has been changed and not submitted.
 *   <form data-autosave="KEY">  Keep a draft of the form on this device (localStorage) while it is typed,
 *                               put it back if the page is opened again before it was submitted, and
 *                               delete it when the form is submitted. KEY names the record and form,
 *                               e.g. "case-note:new:1234"; drafts are also kept apart per signed-in user
 *                               (<body data-hearth-user>), expire after a day, and are all deleted from the
 *                               device when someone signs out (<form data-clear-drafts>).
 *                               Only fields changed from what the server sent are stored; a field with
 *                               data-autosave-ignore never is, nor are passwords, files, hidden fields or
 *                               the CSRF token.
 *   <form data-warn-unsaved> with a text area: a long form. What is typed is also kept on the server (POST
 *                               /drafts/, every couple of seconds), so it survives a closed tab, another
 *                               device or an ended session; opening the page again puts it back into the
 *                               fields the server sent empty, and where the record changed meanwhile shows
 *                               both side by side, overwriting nothing. <form data-no-server-draft> opts out
 *                               (a case note keeps its own versioned draft). A post that reaches the server
 *                               after the session ended is kept there too and comes back the same way.
 */
import { initAll as initGovukFrontend } from '../vendor/govuk-frontend/govuk-frontend.min.js'

const DRAFT_PREFIX = 'hearth:draft:'
const DRAFT_MAX_AGE_MS = 24 * 60 * 60 * 1000
const AUTOSAVE_DELAY_MS = 1000
const UNSTORED_INPUT_TYPES = ['hidden', 'password', 'file', 'submit', 'button', 'reset', 'image']

// ---- Small helpers -------------------------------------------------------------------------------------

/** The page's localStorage, or null where it is switched off or full (drafts are a convenience only). */
function storage () {
  try {
    const store = window.localStorage
    const probe = DRAFT_PREFIX + 'probe'
    store.setItem(probe, '1')
    store.removeItem(probe)
    return store
  } catch (error) {
    return null
  }
}

/** Tell a control (and any GOV.UK/MoJ component watching it) that its value was changed by script. */
function announceChange (element) {
  element.dispatchEvent(new Event('input', { bubbles: true }))
  element.dispatchEvent(new Event('change', { bubbles: true }))
}

/** Run fn when a form is submitted; if something else cancels that submission, run onCancelled. */
function onSubmit (form, fn, onCancelled) {
  form.addEventListener('submit', (event) => {
    fn(event)
    // Other listeners (later in the dispatch) may cancel the submission: look once it has finished.
    window.setTimeout(() => {
      if (event.defaultPrevented && onCancelled) {
        onCancelled(event)
      }
    }, 0)
  })
}

// ---- Warn before leaving with unsaved changes -------------------------------------------------------------

/** A snapshot of everything a form would send, to compare against. */
function serialise (form) {
  const parts = []
  for (const [name, value] of new FormData(form)) {
    parts.push(typeof value === 'string'
      ? `${name}=${value}`
      : `${name}=file:${value.name}:${value.size}`)
  }
  return parts.join('&')
}

const guardedForms = []

function guardUnsavedChanges (form) {
  const state = { form, initial: serialise(form), submitting: false }
  guardedForms.push(state)
  onSubmit(form, () => { state.submitting = true }, () => { state.submitting = false })
}

function hasUnsavedChanges () {
  return guardedForms.some((state) =>
    !state.submitting && state.form.isConnected && serialise(state.form) !== state.initial)
}

window.addEventListener('beforeunload', (event) => {
  if (hasUnsavedChanges()) {
    // Browsers show their own wording; both calls are needed across browsers.
    event.preventDefault()
    event.returnValue = ''
  }
})

window.addEventListener('pageshow', (event) => {
  // Coming back through the browser's history cache: a submission that left the page is over.
  if (event.persisted) {
    guardedForms.forEach((state) => { state.submitting = false })
  }
})

// ---- Autosave drafts to this device -----------------------------------------------------------------

let draftsPaused = false // set while signing out

function draftKey (form) {
  return `${DRAFT_PREFIX}${document.body.dataset.hearthUser}:${form.dataset.autosave}`
}

function storedControls (form) {
  return Array.from(form.elements).filter((element) => {
    if (!element.name || element.disabled || element.name === 'csrfmiddlewaretoken') return false
    if (element.hasAttribute('data-autosave-ignore')) return false
    if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true
    return element.tagName === 'INPUT' && !UNSTORED_INPUT_TYPES.includes(element.type)
  })
}

function isChoice (element) {
  return element.type === 'checkbox' || element.type === 'radio'
}

/** The form's values by field name: a list per name (several boxes, several selected options). */
function readFields (form) {
  const fields = {}
  for (const element of storedControls(form)) {
    const values = fields[element.name] || (fields[element.name] = [])
    if (isChoice(element)) {
      if (element.checked) values.push(element.value)
    } else if (element.tagName === 'SELECT') {
      for (const option of element.selectedOptions) values.push(option.value)
    } else {
      values.push(element.value)
    }
  }
  return fields
}

function hasContent (values) {
  return values.some((value) => value !== '')
}

/** Whether the page arrived with nothing in this field (so a draft may fill it). */
function isEmptyField (elements) {
  return elements.every((element) => {
    if (isChoice(element)) return !element.checked
    if (element.tagName === 'SELECT') {
      return Array.from(element.selectedOptions).every((option) => option.value === '')
    }
    return element.value === ''
  })
}

/** Put stored values into elements sharing one name; returns the elements that changed. */
function applyValues (elements, values) {
  const changed = []
  let textIndex = 0
  for (const element of elements) {
    if (isChoice(element)) {
      const checked = values.includes(element.value)
      if (element.checked !== checked) {
        element.checked = checked
        changed.push(element)
      }
    } else if (element.tagName === 'SELECT') {
      for (const option of element.options) {
        option.selected = values.includes(option.value)
      }
      changed.push(element)
    } else {
      const value = values[textIndex++]
      if (value !== undefined && element.value !== value) {
        element.value = value
        changed.push(element)
      }
    }
  }
  return changed
}

function clearValues (elements) {
  for (const element of elements) {
    if (isChoice(element)) {
      element.checked = false
    } else if (element.tagName === 'SELECT') {
      const blank = Array.from(element.options).find((option) => option.value === '')
      if (blank) {
        element.value = ''
      } else {
        element.selectedIndex = -1
      }
    } else {
      element.value = ''
    }
    announceChange(element)
  }
}

function readDraft (store, key) {
  try {
    const draft = JSON.parse(store.getItem(key))
    if (draft && typeof draft.fields === 'object' && Date.now() - draft.savedAt < DRAFT_MAX_AGE_MS) {
      return draft
    }
  } catch (error) {
    // An unreadable draft is dropped below.
  }
  store.removeItem(key)
  return null
}

function removeDrafts (store, { expiredOnly }) {
  const keys = []
  for (let index = 0; index < store.length; index++) {
    const key = store.key(index)
    if (key && key.startsWith(DRAFT_PREFIX)) keys.push(key)
  }
  keys.forEach((key) => {
    if (expiredOnly) {
      readDraft(store, key) // removes it when it is expired or unreadable
    } else {
      store.removeItem(key)
    }
  })
}

function showDraftNotice (form, savedAt, restoredElements, store, key) {
  const notice = document.createElement('div')
  notice.className = 'govuk-inset-text hearth-draft-notice'
  notice.setAttribute('role', 'status')

  const time = new Date(savedAt).toLocaleString('en-GB', {
    hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'long'
  })
  const text = document.createElement('p')
  text.className = 'govuk-body'
  text.textContent = `We have put back changes you made on this device (${time}). They have not been saved yet.`

  const discard = document.createElement('button')
  discard.type = 'button'
  discard.className = 'hearth-link-button govuk-body'
  discard.textContent = 'Discard this draft'
  discard.addEventListener('click', () => {
    clearValues(restoredElements)
    store.removeItem(key)
    notice.remove()
  })

  notice.append(text, discard)
  form.prepend(notice)
}

function autosave (form, store) {
  const key = draftKey(form)
  // What the server sent: only fields that differ from it are kept, so a draft holds what was typed here
  // and never a copy of the record's saved details.
  const initialFields = readFields(form)
  let timer = null
  let submitting = false

  // Restore: only into fields the server sent back empty, so a draft never overwrites a saved value.
  const draft = readDraft(store, key)
  if (draft) {
    const restored = []
    const controls = storedControls(form)
    for (const [name, values] of Object.entries(draft.fields)) {
      if (!Array.isArray(values) || !hasContent(values)) continue
      const elements = controls.filter((element) => element.name === name)
      if (elements.length && isEmptyField(elements)) {
        restored.push(...applyValues(elements, values.map(String)))
      }
    }
    restored.forEach(announceChange)
    if (restored.length) {
      showDraftNotice(form, draft.savedAt, restored, store, key)
    }
  }

  function save () {
    window.clearTimeout(timer)
    timer = null
    if (submitting || draftsPaused) return
    const fields = {}
    for (const [name, values] of Object.entries(readFields(form))) {
      if (hasContent(values) && JSON.stringify(values) !== JSON.stringify(initialFields[name])) {
        fields[name] = values
      }
    }
    try {
      if (Object.keys(fields).length) {
        store.setItem(key, JSON.stringify({ savedAt: Date.now(), fields }))
      } else {
        store.removeItem(key)
      }
    } catch (error) {
      // Storage full or switched off: the form itself still works.
    }
  }

  function saveSoon () {
    window.clearTimeout(timer)
    timer = window.setTimeout(save, AUTOSAVE_DELAY_MS)
  }

  form.addEventListener('input', saveSoon)
  form.addEventListener('change', saveSoon)
  // Keep the last second of typing when the page is closed or left without submitting.
  window.addEventListener('pagehide', () => { if (timer) save() })

  onSubmit(form, () => {
    submitting = true
    window.clearTimeout(timer)
    timer = null
    store.removeItem(key)
  }, () => {
    submitting = false
    save()
  })

  window.addEventListener('pageshow', (event) => {
    if (event.persisted) submitting = false
  })
}

// ---- Drafts kept on the server (issue 18) -------------------------------------------------------------

const SERVER_DRAFT_DELAY_MS = 1500
const POSTED_DRAFT = 'posted'
let sessionEndedShown = false

function serverDraftForms () {
  return Array.from(document.querySelectorAll('form[data-warn-unsaved]')).filter((form) =>
    !form.hasAttribute('data-no-server-draft') && form.querySelector('textarea'))
}

function formKey (form, index) {
  return form.dataset.autosave || form.id || `form-${index}`
}

function csrfToken (form) {
  const input = form.querySelector('input[name="csrfmiddlewaretoken"]')
  return input ? input.value : ''
}

function labelFor (form, name) {
  const element = storedControls(form).find((control) => control.name === name)
  if (!element) return name
  const fieldset = element.closest('fieldset')
  if (isChoice(element) && fieldset && fieldset.querySelector('legend')) {
    return fieldset.querySelector('legend').textContent.trim()
  }
  const label = element.id ? form.querySelector(`label[for="${element.id}"]`) : null
  return label ? label.textContent.trim() : name
}

function showSessionEnded (form) {
  if (sessionEndedShown) return
  sessionEndedShown = true
  const banner = document.createElement('div')
  banner.className = 'govuk-warning-text hearth-session-ended'
  banner.setAttribute('role', 'alert')
  banner.innerHTML = '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>'
  const text = document.createElement('strong')
  text.className = 'govuk-warning-text__text'
  text.textContent = 'Your session has ended. Keep typing: what you type is kept on this device, and when you ' +
    'save, what you sent is kept until you sign in again.'
  banner.append(text)
  form.prepend(banner)
}

function discardServerDraft (form, key) {
  const body = new FormData()
  body.append('csrfmiddlewaretoken', csrfToken(form))
  body.append('path', window.location.pathname)
  body.append('key', key)
  fetch('/drafts/discard/', { method: 'POST', body, credentials: 'same-origin' })
}

function showConflicts (form, conflicts, draft) {
  const savedAt = draft.savedAt
  const notice = document.createElement('div')
  notice.className = 'govuk-inset-text hearth-draft-conflict'
  notice.setAttribute('role', 'status')
  const heading = document.createElement('h2')
  heading.className = 'govuk-heading-s'
  const time = new Date(savedAt).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'long' })
  heading.textContent = `What you typed (${time}) and what the record says now are different: check each and choose`
  notice.append(heading)
  const list = document.createElement('dl')
  list.className = 'govuk-summary-list'
  for (const { name, draft, now, elements } of conflicts) {
    const row = document.createElement('div')
    row.className = 'govuk-summary-list__row'
    const key = document.createElement('dt')
    key.className = 'govuk-summary-list__key'
    key.textContent = labelFor(form, name)
    const yours = document.createElement('dd')
    yours.className = 'govuk-summary-list__value'
    yours.textContent = `What you typed, not saved: ${draft.join(', ')}`
    const theirs = document.createElement('dd')
    theirs.className = 'govuk-summary-list__value'
    theirs.textContent = `On the record now: ${now.join(', ') || '(empty)'}`
    const actions = document.createElement('dd')
    actions.className = 'govuk-summary-list__actions'
    const use = document.createElement('button')
    use.type = 'button'
    use.className = 'hearth-link-button govuk-body'
    use.textContent = 'Use what I typed'
    use.addEventListener('click', () => {
      applyValues(elements, draft).forEach(announceChange)
      row.remove()
    })
    actions.append(use)
    row.append(key, yours, theirs, actions)
    list.append(row)
  }
  const discard = document.createElement('button')
  discard.type = 'button'
  discard.className = 'hearth-link-button govuk-body'
  discard.textContent = 'Discard what I typed'
  discard.addEventListener('click', () => {
    discardServerDraft(form, draft.key)
    notice.remove()
  })
  notice.append(list, discard)
  form.prepend(notice)
}

function restoreServerDraft (form, draft) {
  const controls = storedControls(form)
  const restored = []
  const conflicts = []
  const before = [] // what each restored field showed, put back if the draft is discarded
  for (const [name, values] of Object.entries(draft.fields || {})) {
    if (!Array.isArray(values) || !hasContent(values)) continue
    const elements = controls.filter((element) => element.name === name)
    if (!elements.length) continue
    const now = readFields(form)[name] || []
    if (JSON.stringify(now) === JSON.stringify(values)) continue
    const unchanged = draft.initial && JSON.stringify(draft.initial[name] || []) === JSON.stringify(now)
    if (isEmptyField(elements) || (draft.key !== POSTED_DRAFT && unchanged)) {
      before.push({ elements, values: now })
      restored.push(...applyValues(elements, values.map(String)))
    } else {
      conflicts.push({ name, draft: values.map(String), now, elements })
    }
  }
  restored.forEach(announceChange)
  if (conflicts.length) showConflicts(form, conflicts, draft)
  if (restored.length) {
    const notice = document.createElement('div')
    notice.className = 'govuk-inset-text hearth-draft-notice hearth-server-draft'
    notice.setAttribute('role', 'status')
    const time = new Date(draft.savedAt).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'long' })
    const text = document.createElement('p')
    text.className = 'govuk-body'
    text.textContent = `We have put back what you typed (${time}). It has not been saved yet.`
    const discard = document.createElement('button')
    discard.type = 'button'
    discard.className = 'hearth-link-button govuk-body'
    discard.textContent = 'Discard this draft'
    discard.addEventListener('click', () => {
      for (const { elements, values } of before) {
        if (values.length) applyValues(elements, values).forEach(announceChange)
        else clearValues(elements)
      }
      discardServerDraft(form, draft.key)
      notice.remove()
    })
    notice.append(text, discard)
    form.prepend(notice)
  }
}

/** The form a draft belongs to: by its key, or for a post kept after the session ended, the form holding most of
 * its fields. */
function draftTarget (forms, draft) {
  if (draft.key !== POSTED_DRAFT) return forms.find(({ key }) => key === draft.key)
  let best = null
  let bestCount = 0
  for (const entry of forms) {
    const names = new Set(storedControls(entry.form).map((element) => element.name))
    const count = Object.keys(draft.fields || {}).filter((name) => names.has(name)).length
    if (count > bestCount) { best = entry; bestCount = count }
  }
  return best
}

function keepOnServer (entry) {
  const { form, key, initialFields } = entry
  let timer = null
  let submitted = false // once the form is sent, nothing more is kept from this page
  let lastSent = ''

  function send (leaving = false) {
    timer = null
    const fields = {}
    const initial = {}
    for (const [name, values] of Object.entries(readFields(form))) {
      if (JSON.stringify(values) !== JSON.stringify(initialFields[name])) {
        fields[name] = values
        initial[name] = initialFields[name] || []
      }
    }
    const payload = JSON.stringify(fields)
    if (payload === lastSent) return
    const body = new FormData()
    body.append('csrfmiddlewaretoken', csrfToken(form))
    body.append('path', window.location.pathname)
    body.append('key', key)
    body.append('fields', payload)
    body.append('initial', JSON.stringify(initial))
    body.append('load', PAGE_LOAD)
    fetch('/drafts/', { method: 'POST', body, credentials: 'same-origin', redirect: 'manual', keepalive: leaving })
      .then((response) => {
        if (response.status === 204) {
          lastSent = payload
          form.dataset.serverDraftSaved = String(Date.now())
        } else if (response.status === 401 || response.status === 403 || response.type === 'opaqueredirect') {
          showSessionEnded(form)
        }
      })
      .catch(() => {}) // offline: the copy on this device still holds it
  }

  function sendSoon () {
    if (submitted) return
    window.clearTimeout(timer)
    timer = window.setTimeout(send, SERVER_DRAFT_DELAY_MS)
  }

  form.addEventListener('input', sendSoon)
  form.addEventListener('change', sendSoon)
  window.addEventListener('pagehide', () => { if (timer && !submitted) send(true) })
  onSubmit(form, () => { submitted = true; window.clearTimeout(timer); timer = null }, () => { submitted = false })
}

/** The long forms and what the server sent in each, read before any draft (of this device's or the server's) is
 * put back: a draft keeps only what differs from it. */
const PAGE_LOAD = (window.crypto && window.crypto.randomUUID)
  ? window.crypto.randomUUID()
  : `${Date.now()}-${Math.random().toString(16).slice(2)}`

function collectServerDraftForms () {
  if (!document.body.dataset.hearthUser) return []
  return serverDraftForms().map((form, index) => {
    const key = formKey(form, index)
    // Tells the server which form was saved (its draft is settled) and from which page load (a late draft from
    // it is refused); a post made after the session ended is kept only from a form that carries it.
    const marker = document.createElement('input')
    marker.type = 'hidden'
    marker.name = '_hearth_draft'
    marker.value = `${key}|${PAGE_LOAD}`
    form.append(marker)
    return { form, key, initialFields: readFields(form) }
  })
}

function startServerDrafts (forms) {
  if (!forms.length) return
  forms.forEach(keepOnServer) // from the first keystroke, even before the page's drafts have come back
  fetch(`/drafts/?path=${encodeURIComponent(window.location.pathname)}`, {
    credentials: 'same-origin', headers: { Accept: 'application/json' }, redirect: 'manual'
  })
    .then((response) => (response.ok ? response.json() : { drafts: [] }))
    .then(({ drafts }) => {
      for (const draft of drafts || []) {
        const entry = draftTarget(forms, draft)
        if (entry) restoreServerDraft(entry.form, draft)
      }
    })
    .catch(() => {})
    .finally(() => { document.body.dataset.serverDrafts = 'ready' })
}

// ---- Start ----------------------------------------------------------------------------------------------

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

const store = storage()
if (store) removeDrafts(store, { expiredOnly: true })

const longForms = collectServerDraftForms()

// Snapshot forms for the unsaved-changes warning before drafts are put back, so a restored draft counts
// as unsaved.
document.querySelectorAll('form[data-warn-unsaved]').forEach(guardUnsavedChanges)

if (store && document.body.dataset.hearthUser) {
  document.querySelectorAll('form[data-autosave]').forEach((form) => {
    if (form.dataset.autosave) autosave(form, store)
  })
}

// Signing out deletes every draft on this device and stops drafts being written while the page is left
// (leaving the last field fires a change event). If the unsaved-changes prompt keeps the person on the
// page instead, what they typed is still on screen and is stored again as soon as they type.
document.querySelectorAll('form[data-clear-drafts]').forEach((form) => {
  onSubmit(form, () => {
    draftsPaused = true
    if (store) removeDrafts(store, { expiredOnly: false })
  })
})
document.addEventListener('input', () => { draftsPaused = false }, true)

startServerDrafts(longForms)

// Components start after drafts are restored, so character counts and conditional reveals see them.
try {
  initGovukFrontend()
} catch (error) {
  console.error('GOV.UK Frontend did not start', error)
}

import('../vendor/moj-frontend/moj-frontend.min.js')
  .then((moj) => {
    if (typeof moj.initAll === 'function') moj.initAll()
  })
  .catch((error) => console.error('MoJ Frontend did not start', error))
