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

// ---- Start ----------------------------------------------------------------------------------------------

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

const store = storage()
if (store) removeDrafts(store, { expiredOnly: true })

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
