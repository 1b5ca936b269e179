//! WebSocket clients: connect with the token at upgrade, wait for `hello`.

use std::time::Duration;

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::api::Res;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/api/v4/websocket` authenticated by `Authorization: Bearer` and waits for the `hello`
/// event, with small read and write buffers (tungstenite reserves 128 KiB of each by default) for
/// many thousands of sockets in one process.
pub async fn connect_small(ws_url: &str, token: &str) -> Res<Ws> {
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0);
    // Typing events are small frames sent alone: no Nagle delay.
    connect_with(ws_url, token, Some(config), true).await
}

async fn connect_with(
    ws_url: &str,
    token: &str,
    config: Option<WebSocketConfig>,
    nodelay: bool,
) -> Res<Ws> {
    let mut req = ws_url
        .into_client_request()
        .map_err(|e| format!("websocket URL {ws_url}: {e}"))?;
    let auth = format!("Bearer {token}")
        .parse()
        .map_err(|e| format!("token header: {e}"))?;
    req.headers_mut().insert("authorization", auth);
    let (mut ws, _) = tokio::time::timeout(
        Duration::from_secs(30),
        tokio_tungstenite::connect_async_with_config(req, config, nodelay),
    )
    .await
    .map_err(|_| "websocket connect timed out".to_owned())?
    .map_err(|e| format!("websocket connect: {e}"))?;
    let hello = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(msg) = ws.next().await {
            match msg {
                Ok(Message::Text(t)) if t.as_str().contains("\"hello\"") => return Ok(()),
                Ok(Message::Close(c)) => return Err(format!("closed before hello: {c:?}")),
                Ok(_) => {}
                Err(e) => return Err(format!("before hello: {e}")),
            }
        }
        Err("closed before hello".to_owned())
    })
    .await
    .map_err(|_| "no hello within 30 s".to_owned())?;
    hello.map(|()| ws)
}
