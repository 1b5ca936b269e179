// One sidebar section (Favorites, Channels, Direct messages or a custom category), collapsible.

import {useState} from 'react';

import {openModal} from '../store/actions';
import type {SidebarCategory as Category} from '../store/store';
import {t} from '../strings';
import {ChannelRow} from './ChannelRow';
import {Icon} from './Icon';

export function SidebarCategory({category}: {category: Category}) {
    const [collapsed, setCollapsed] = useState(category.collapsed);
    if (category.type === 'favorites' && category.channelIds.length === 0) {
        return null;
    }
    const addAction =
        category.type === 'channels' ? (
            <button type='button' className='icon-button icon-button--small' onClick={() => openModal('create-channel')} title={t.createChannel} aria-label={t.createChannel}>
                <Icon name='plus' size={16} />
            </button>
        ) : category.type === 'direct_messages' ? (
            <button type='button' className='icon-button icon-button--small' onClick={() => openModal('direct-message')} title={t.openDirectMessage} aria-label={t.openDirectMessage}>
                <Icon name='plus' size={16} />
            </button>
        ) : null;
    return (
        <section className={collapsed ? 'category category--collapsed' : 'category'} aria-label={category.displayName}>
            <div className='category__header'>
                <button
                    type='button'
                    className='category__toggle'
                    aria-expanded={!collapsed}
                    title={collapsed ? t.expandCategory(category.displayName) : t.collapseCategory(category.displayName)}
                    onClick={() => setCollapsed(!collapsed)}
                >
                    <Icon name='chevron' size={14} />
                    <span>{category.displayName}</span>
                </button>
                {addAction}
            </div>
            {!collapsed && (
                <ul className='category__channels'>
                    {category.channelIds.map((id) => (
                        <ChannelRow key={id} channelId={id} />
                    ))}
                </ul>
            )}
        </section>
    );
}
