//! Slack-compatible markup in integration messages: `<!channel>`-style announcements become
//! `@channel`, and `<url|text>` links become Markdown links, in messages and attachments.

use outpost_model::integration::MessageAttachment;
use serde_json::Value;

/// `<!channel>` → `@channel`, `<!here>` → `@here`, `<!all>`/`<!everyone>` → `@all`.
pub fn expand_announcements(text: &str) -> String {
    text.replace("<!channel>", "@channel")
        .replace("<!here>", "@here")
        .replace("<!all>", "@all")
        .replace("<!everyone>", "@all")
}

/// `<url|text>` → `[text](url)`: the URL has no `<` or `|`, the text no `>`, neither is empty.
pub fn links_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start + 1..];
        let converted = tail.find('>').and_then(|end| {
            let inner = &tail[..end];
            let (url, label) = inner.split_once('|')?;
            let ok = !url.is_empty()
                && !label.is_empty()
                && !url.contains('<')
                && !label.contains('|')
                && !url.contains('\n')
                && !label.contains('\n');
            ok.then(|| (format!("[{label}]({url})"), end))
        });
        match converted {
            Some((md, end)) => {
                out.push_str(&md);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('<');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The whole conversion for a message.
pub fn process_text(text: &str) -> String {
    links_to_markdown(&expand_announcements(text))
}

/// Converts the markup in every text part of the attachments and gives each action an id.
pub fn process_attachments(attachments: &mut [MessageAttachment]) {
    for a in attachments.iter_mut() {
        a.pretext = process_text(&a.pretext);
        a.text = process_text(&a.text);
        a.fallback = expand_announcements(&a.fallback);
        a.title = expand_announcements(&a.title);
        for f in a.fields.iter_mut().flatten() {
            f.title = expand_announcements(&f.title);
            if let Value::String(v) = &f.value {
                f.value = Value::String(process_text(v));
            }
        }
        for action in &mut a.actions {
            let clean: String = action
                .id
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            action.id = if clean.is_empty() {
                outpost_model::new_id()
            } else {
                clean
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup() {
        assert_eq!(
            process_text("<!channel> build <https://ci/1|#42> failed <b>"),
            "@channel build [#42](https://ci/1) failed <b>"
        );
        assert_eq!(links_to_markdown("a <x|y> <z"), "a [y](x) <z");
        assert_eq!(expand_announcements("<!here> <!everyone>"), "@here @all");
    }
}
