"""Back-office endpoints, restricted to administrators by a router-level dependency."""

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import func, select

from bookshop.deps import SessionDep, require_admin
from bookshop.models import Order, OrderItem, User
from bookshop.schemas.common import ShopStats
from bookshop.schemas.order import OrderStatus

router = APIRouter(dependencies=[Depends(require_admin)])


@router.get("/stats", response_model=ShopStats)
def get_stats(
    db: SessionDep,
    days: int = Query(..., ge=1, le=365, description="Length of the reporting window, in days."),
) -> ShopStats:
    """Report orders, revenue and sign-ups over the last ``days`` days.

    Args:
        db: Database session.
        days: Length of the reporting window.

    Returns:
        The figures.
    """
    since = datetime.now(UTC) - timedelta(days=days)
    paid = (OrderStatus.PAID, OrderStatus.SHIPPED)
    orders = db.scalar(select(func.count(Order.id)).where(Order.created_at >= since)) or 0
    revenue = db.scalar(
        select(func.sum(OrderItem.unit_price * OrderItem.quantity))
        .select_from(OrderItem)
        .join(Order)
        .where(Order.created_at >= since, Order.status.in_(paid))
    )
    new_users = db.scalar(select(func.count(User.id)).where(User.created_at >= since)) or 0
    return ShopStats(days=days, orders=orders, revenue=revenue or 0, new_users=new_users)


@router.delete("/users/{user_id}", status_code=204, responses={404: {"description": "No such user."}})
def delete_user(user_id: int, db: SessionDep) -> None:
    user = db.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=404, detail="User not found")
    db.delete(user)
    db.commit()
