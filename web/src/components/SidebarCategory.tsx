// One sidebar section (Favorites, Channels, Direct messages or a custom category), collapsible;
// a custom category also has a menu to rename or delete it.

import {useEffect, useState} from 'react';

import {openCategoryModal, openModal} from '../store/actions';
import {setCategoryCollapsed} from '../store/categories';
import type {SidebarCategory as Category} from '../store/store';
import {t} from '../strings';
import {ChannelRow} from './ChannelRow';
import {Icon} from './Icon';
import {useMenuPopup} from './useMenuPopup';

function CategoryMenu({category, onClose}: {category: Category; onClose: () => void}) {
    const ref = useMenuPopup(onClose);
    const item = (label: string, modal: 'category-rename' | 'category-delete') => (
        <button type='button' role='menuitem' className={modal === 'category-delete' ? 'menu__item menu__item--danger' : 'menu__item'} onClick={() => (onClose(), openCategoryModal(modal, category.id))}>
            {label}
        </button>
    );
    return (
        <div className='menu menu--down category__menu' role='menu' aria-label={t.categoryOptions(category.displayName)} ref={ref} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
            {item(t.renameCategory, 'category-rename')}
            {item(t.deleteCategory, 'category-delete')}
        </div>
    );
}

export function SidebarCategory({category}: {category: Category}) {
    const [collapsed, setCollapsed] = useState(category.collapsed);
    const [menu, setMenu] = useState(false);
    // Collapsed elsewhere (another tab, a reload of the sidebar): follow the server.
    useEffect(() => setCollapsed(category.collapsed), [category.collapsed]);
    if (category.type === 'favorites' && category.channelIds.length === 0) {
        return null;
    }
    const toggle = () => {
        setCollapsed(!collapsed);
        // Kept on the server, as Mattermost does, so it holds in my other tabs and devices.
        void setCategoryCollapsed(category.id, !collapsed).catch(() => undefined);
    };
    const addAction =
        category.type === 'channels' ? (
            <button type='button' className='icon-button icon-button--small' onClick={() => openModal('create-channel')} title={t.createChannel} aria-label={t.createChannel}>
                <Icon name='plus' size={16} />
            </button>
        ) : category.type === 'direct_messages' ? (
            <button type='button' className='icon-button icon-button--small' onClick={() => openModal('direct-message')} title={t.openDirectMessage} aria-label={t.openDirectMessage}>
                <Icon name='plus' size={16} />
            </button>
        ) : category.type === 'custom' ? (
            <button
                type='button'
                className='icon-button icon-button--small'
                aria-haspopup='menu'
                aria-expanded={menu}
                onClick={() => setMenu(!menu)}
                title={t.categoryOptions(category.displayName)}
                aria-label={t.categoryOptions(category.displayName)}
            >
                <Icon name='dots' size={16} />
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
                    onClick={toggle}
                >
                    <Icon name='chevron' size={14} />
                    <span>{category.displayName}</span>
                </button>
                {addAction}
                {menu && <CategoryMenu category={category} onClose={() => setMenu(false)} />}
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
