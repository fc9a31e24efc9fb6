import { createContext, useContext } from 'react';

/** The stored event of the trigger that JSONata fields preview their value on (none: syntax only). */
export const PreviewEventContext = createContext<string | undefined>(undefined);
export const usePreviewEvent = () => useContext(PreviewEventContext);
