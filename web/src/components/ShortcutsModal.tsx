// The keyboard shortcuts, grouped (Ctrl/Cmd+/ or the account menu), as Mattermost lists them.

import {t} from '../strings';
import {Modal} from './Modal';

const GROUPS = ['navigation', 'messages', 'formatting'] as const;

/** On a Mac the keys are named as its keyboard names them. */
const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const keyName = (combo: string) => (MAC ? combo.replace(/\bCtrl\b/g, '⌘').replace(/\bAlt\b/g, '⌥').replace(/\bShift\b/g, '⇧') : combo);

export function ShortcutsModal() {
    return (
        <Modal title={t.keyboardShortcuts} lead={MAC ? undefined : t.shortcutsMac} wide>
            <div className='shortcuts'>
                {GROUPS.map((group) => (
                    <section key={group} className='shortcuts__group' aria-label={t.shortcutGroups[group]}>
                        <h3>{t.shortcutGroups[group]}</h3>
                        <dl>
                            {t.shortcutList[group].map(([keys, what]) => (
                                <div key={keys} className='shortcuts__row'>
                                    <dt>{what}</dt>
                                    <dd>
                                        {/* "A / B": either; "A, B": one after the other. */}
                                        {keys.split(/( \/ |, )/).map((part, i) => (i % 2 ? part : <kbd key={i}>{keyName(part)}</kbd>))}
                                    </dd>
                                </div>
                            ))}
                        </dl>
                    </section>
                ))}
            </div>
        </Modal>
    );
}
