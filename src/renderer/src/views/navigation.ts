/** The screens the popup switches between: 'main' is the home screen (sessions and roles). */
export type View = 'main' | 'signin' | 'settings' | 'export';
