"""HTTP for orders: create and import (`orders`), customer-service changes (`customer_service`)."""

from server.orders.controllers.customer_service import CustomerServiceController
from server.orders.controllers.orders import OrdersController

__all__ = ["CustomerServiceController", "OrdersController"]
