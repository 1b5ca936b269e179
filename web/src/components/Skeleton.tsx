// Placeholder rows while a list loads (no spinners).

export function SkeletonRows({count, variant}: {count: number; variant: 'sidebar' | 'post' | 'member'}) {
    return (
        <div className={`skeleton skeleton--${variant}`} aria-hidden='true'>
            {Array.from({length: count}, (_, i) => (
                <div className='skeleton__row' key={i}>
                    {variant !== 'sidebar' && <span className='skeleton__avatar' />}
                    <span className='skeleton__lines'>
                        <span className='skeleton__line' />
                        {variant === 'post' && <span className='skeleton__line skeleton__line--long' />}
                    </span>
                </div>
            ))}
        </div>
    );
}
