import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Editor } from './editor/Editor'
import { createClient } from './transport/client'
import { App } from './ui/App'
import { i18n } from './ui/i18n'
import './ui/styles.css'

const editor = new Editor(createClient())
editor.words = (key, values) => i18n.t(key, values)
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App editor={editor} />
  </StrictMode>,
)
