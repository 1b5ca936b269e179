// The status part of my account menu: online, away, offline, and Do not disturb for a while
// (with when it ends).

import {openModal} from '../store/actions';
import {DND_CHOICES, dndEndTime, formatDndEnd} from '../store/dnd';
import {setMyStatus} from '../store/status';
import {useStore} from '../store/store';
import {currentTimeZone} from '../messages/rows';
import {t} from '../strings';

const PLAIN = ['online', 'away', 'offline'] as const;

export function StatusMenuItems({onClose}: {onClose: () => void}) {
    const status = useStore((s) => (s.me ? s.statuses[s.me.id] : undefined));
    const dndEnd = useStore((s) => s.myDndEndTime);
    const pick = (run: () => void) => () => {
        onClose();
        run();
    };
    const dnd = status === 'dnd';
    return (
        <>
            <div className='menu__label'>{t.status}</div>
            {PLAIN.map((value) => (
                <button key={value} type='button' role='menuitemradio' aria-checked={status === value} className='menu__item' onClick={pick(() => void setMyStatus(value))}>
                    <span className={`presence presence--${value} status-menu__dot`} aria-hidden='true' />
                    {t[value]}
                </button>
            ))}
            <div role='group' aria-label={t.dndFor} className='status-menu__dnd'>
                <div className={dnd ? 'menu__item status-menu__current' : 'menu__label'} aria-current={dnd ? 'true' : undefined}>
                    <span className='presence presence--dnd status-menu__dot' aria-hidden='true' />
                    <span>
                        {dnd ? t.dnd : t.dndFor}
                        {dnd && (
                            <span className='status-menu__until' data-testid='dnd-until'>
                                {formatDndEnd(dndEnd, new Date(), undefined, currentTimeZone())}
                            </span>
                        )}
                    </span>
                </div>
                {DND_CHOICES.map((choice) => (
                    <button
                        key={choice}
                        type='button'
                        role='menuitem'
                        className='menu__item status-menu__choice'
                        aria-label={t.dndChoiceLabel(t.dndChoice[choice])}
                        onClick={pick(() => void setMyStatus('dnd', dndEndTime(choice, new Date(), currentTimeZone())))}
                    >
                        {t.dndChoice[choice]}
                    </button>
                ))}
                <button type='button' role='menuitem' className='menu__item status-menu__choice' aria-label={t.dndChoiceLabel(t.dndChoice.custom)} onClick={pick(() => openModal('dnd-custom'))}>
                    {t.dndChoice.custom}
                </button>
            </div>
        </>
    );
}
