import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Editor } from './editor/Editor'
import { createClient } from './transport/client'
import { App } from './ui/App'
import './ui/i18n'
import './ui/styles.css'

const editor = new Editor(createClient())
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App editor={editor} />
  </StrictMode>,
)
