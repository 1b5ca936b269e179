//! WebSocket clients: connect with the token at upgrade, wait for `hello`.

use std::time::Duration;

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::api::Res;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/api/v4/websocket` authenticated by `Authorization: Bearer` and waits for the `hello` event.
pub async fn connect(ws_url: &str, token: &str) -> Res<Ws> {
    let mut req = ws_url
        .into_client_request()
        .map_err(|e| format!("websocket URL {ws_url}: {e}"))?;
    let auth = format!("Bearer {token}")
        .parse()
        .map_err(|e| format!("token header: {e}"))?;
    req.headers_mut().insert("authorization", auth);
    let (mut ws, _) = tokio::time::timeout(
        Duration::from_secs(30),
        tokio_tungstenite::connect_async(req),
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
