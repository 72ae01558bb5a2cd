"""Order endpoints: place and list orders, payment notifications, live order status."""

import asyncio
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, WebSocket, WebSocketDisconnect, status
from sqlalchemy import select

from bookshop.db import SessionLocal
from bookshop.deps import CurrentUser, SessionDep, verify_api_key
from bookshop.models import Book, Order, OrderItem
from bookshop.schemas.common import Message
from bookshop.schemas.order import OrderCreate, OrderRead, OrderStatus, PaymentEvent
from bookshop.services.security import decode_access_token

logger = logging.getLogger(__name__)

router = APIRouter()


@router.post("", response_model=OrderRead, status_code=201, responses={409: {"description": "Out of stock."}})
def create_order(order_in: OrderCreate, db: SessionDep, current_user: CurrentUser) -> Order:
    """Place an order; stock is reserved at once and the order stays ``pending`` until paid.

    Args:
        order_in: The books wanted and the shipping address.
        db: Database session.
        current_user: The customer.

    Returns:
        The new order.

    Raises:
        HTTPException: 409 when a book is unknown or has too few copies in stock.
    """
    order = Order(user_id=current_user.id, shipping_address=order_in.shipping_address.model_dump_json())
    for line in order_in.items:
        book = db.get(Book, line.book_id, with_for_update=True)
        if book is None or book.stock < line.quantity:
            db.rollback()
            raise HTTPException(status_code=409, detail=f"Book {line.book_id} is out of stock")
        book.stock -= line.quantity
        order.items.append(OrderItem(book_id=book.id, quantity=line.quantity, unit_price=book.price))
    db.add(order)
    db.commit()
    return order


@router.get("", response_model=list[OrderRead])
def list_my_orders(
    db: SessionDep,
    current_user: CurrentUser,
    status_filter: Annotated[
        OrderStatus | None, Query(alias="status", description="Only orders in this status.")
    ] = None,
) -> list[Order]:
    """List the current user's orders, newest first.

    Args:
        db: Database session.
        current_user: The customer.
        status_filter: Only orders in this status (query parameter ``status``).

    Returns:
        The orders.
    """
    stmt = select(Order).where(Order.user_id == current_user.id).order_by(Order.created_at.desc())
    if status_filter is not None:
        stmt = stmt.where(Order.status == status_filter)
    return list(db.scalars(stmt))


@router.post("/payment-webhook", response_model=Message, status_code=202)
def payment_webhook(
    event: PaymentEvent, db: SessionDep, api_key: Annotated[str, Depends(verify_api_key)]
) -> Message:
    """Receive a payment notification; authenticated by the partner's ``X-API-Key`` header.

    Args:
        event: The payment outcome.
        db: Database session.
        api_key: The partner key that was accepted.

    Returns:
        An acknowledgement.
    """
    order = db.get(Order, event.order_id)
    if order is not None and order.status is OrderStatus.PENDING and event.succeeded:
        order.status = OrderStatus.PAID
        order.payment_reference = event.reference
        db.commit()
    logger.info("payment %s for order %s (key ...%s)", event.reference, event.order_id, api_key[-4:])
    return Message(detail="accepted")


@router.websocket("/{order_id}/events")
async def order_events(websocket: WebSocket, order_id: int, token: str = Query(...)) -> None:
    """Push the order's status to the client whenever it changes.

    Browsers cannot set headers on a WebSocket handshake, so the access token
    travels in the ``token`` query parameter.

    Args:
        websocket: The client connection.
        order_id: The order to follow.
        token: An access token from ``POST /api/v1/users/token``.
    """
    user_id = decode_access_token(token)
    await websocket.accept()
    last_status = None
    try:
        while True:
            with SessionLocal() as db:
                order = db.get(Order, order_id)
            if user_id is None or order is None or order.user_id != user_id:
                await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
                return
            if order.status != last_status:
                last_status = order.status
                await websocket.send_json({"order_id": order_id, "status": last_status.value})
            await asyncio.sleep(2)
    except WebSocketDisconnect:
        logger.debug("client stopped following order %s", order_id)
